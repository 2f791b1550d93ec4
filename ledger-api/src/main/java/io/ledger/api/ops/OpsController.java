package io.ledger.api.ops;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Operator endpoints (scope admin): rebuild read models, watch the replay, handle dead letters. */
@RestController
@RequestMapping(path = "/v1/admin", produces = "application/json")
public class OpsController {

    private final ReadModels readModels;

    OpsController(ReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/read-models")
    public Map<String, Map<String, Object>> progress() {
        return readModels.progress();
    }

    @PostMapping("/read-models/rebuild")
    ResponseEntity<Map<String, Map<String, Object>>> rebuild(@RequestParam(required = false) List<String> projection) {
        List<String> names = projection == null || projection.isEmpty() ? List.copyOf(ReadModels.PROJECTIONS) : projection;
        known(() -> {
            readModels.rebuild(names);
            return null;
        });
        return ResponseEntity.accepted().body(readModels.progress());
    }

    /** Hands a segment to another instance: this one stays away from it for 30 s. */
    @PostMapping("/read-models/{projection}/release")
    ResponseEntity<Void> release(@PathVariable String projection, @RequestParam int segment) {
        try {
            known(() -> {
                readModels.releaseSegment(projection, segment);
                return null;
            });
        } catch (IllegalStateException noSuchSegment) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, noSuchSegment.getMessage());
        }
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/dead-letters/{projection}")
    public List<ReadModels.DeadLetterView> deadLetters(@PathVariable String projection) {
        return known(() -> readModels.deadLetters(projection));
    }

    @PostMapping("/dead-letters/{projection}/retry")
    public Map<String, Integer> retry(@PathVariable String projection) {
        return Map.of("retried", known(() -> readModels.retry(projection)));
    }

    @DeleteMapping("/dead-letters/{projection}")
    public Map<String, Integer> evict(@PathVariable String projection) {
        return Map.of("evicted", known(() -> readModels.evict(projection)));
    }

    private static <T> T known(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.ROUTE_NOT_FOUND, e.getMessage());
        }
    }
}
