package io.ledger.api.console;

import io.ledger.api.ops.OpsController;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Entitlements;
import io.ledger.api.batch.PaymentBatches;
import io.ledger.api.web.PageResponse;
import io.ledger.api.web.PaymentBatchController;
import io.ledger.api.web.PaymentFileController;
import io.ledger.api.ops.ReadModels;
import io.ledger.api.ops.ProcessorStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ledger.api.console.ConsoleGuard.blankToNull;
import static io.ledger.api.console.ConsoleGuard.entitled;

/**
 * The console's work beside accounts and payments: payment batches and files with their progress and their refused
 * or rejected lines, and, for administrators, the event processors and their dead letters. As {@link ConsolePages},
 * each page calls the API's own controller after the API's rule for the action.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
@RequestMapping(ConsoleSecurity.ROOT)
class ConsoleWorkPages {

    private final PaymentBatchController batches;
    private final PaymentFileController files;
    private final OpsController ops;
    private final ProcessorStatus processors;
    private final ConsoleGuard guard;

    ConsoleWorkPages(PaymentBatchController batches, PaymentFileController files, OpsController ops,
                     ProcessorStatus processors, ConsoleGuard guard) {
        this.batches = batches;
        this.files = files;
        this.ops = ops;
        this.processors = processors;
        this.guard = guard;
    }

    // ---- batches and files -------------------------------------------------------------------------------------

    @GetMapping("/batches")
    String find(Caller caller, @RequestParam(required = false) String id, @RequestParam(defaultValue = "file") String kind) {
        entitled(caller, "batch.read");
        if (blankToNull(id) == null) {
            return "console/batches";
        }
        return "redirect:" + ConsoleSecurity.ROOT + ("file".equals(kind) ? "/files/" : "/batches/") + id.strip();
    }

    @GetMapping("/batches/{batchId}")
    String batch(Caller caller, @PathVariable String batchId, @RequestParam(required = false) String status,
                 @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "batch.read");
        PaymentBatchController.BatchResponse batch = batches.get(caller, batchId);
        entitled(caller, "batch.items");
        String shown = shown(status);
        return page(model, "batch", batch.batchId(), batch.status(), batch.itemCount(), batch.items(),
                facts("Atomic", batch.atomic() ? "yes: all items settle or none does" : "no", "Outcome",
                        batch.outcome(), "Failure", batch.failureReason(), "Submitted", batch.submittedAt(),
                        "Dispatched", batch.dispatchedAt()),
                shown, batches.items(caller, batchId, shown, blankToNull(cursor), 50));
    }

    @GetMapping("/files/{fileId}")
    String file(Caller caller, @PathVariable String fileId, @RequestParam(required = false) String status,
                @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "file.read");
        PaymentFileController.FileResponse file = files.get(caller, fileId);
        entitled(caller, "file.items");
        String shown = shown(status);
        return page(model, "file", file.fileId(), file.status(), file.itemCount(), file.items(),
                facts("Format", file.format(), "Message id", file.messageId(), "Content hash", file.contentHash(),
                        "Bytes", file.bytes(), "Submitted", file.submittedAt(), "Dispatched", file.dispatchedAt()),
                shown, files.items(caller, fileId, shown, blankToNull(cursor), 50));
    }

    /** Which items a batch's page lists: those refused when it was sent, unless another status is asked for. */
    private static String shown(String status) {
        return status == null ? "REFUSED" : blankToNull(status);
    }

    /** A batch's or a file's page: its facts, its items counted by status, the items of one status. */
    private static String page(Model model, String kind, String id, String status, int itemCount,
                               Map<String, Long> counts, Map<String, Object> facts, String shown,
                               PageResponse<PaymentBatches.ItemResult> items) {
        model.addAttribute("kind", kind);
        model.addAttribute("id", id);
        model.addAttribute("status", status);
        model.addAttribute("itemCount", itemCount);
        model.addAttribute("counts", counts);
        model.addAttribute("facts", facts);
        model.addAttribute("shown", shown);
        model.addAttribute("page", items);
        model.addAttribute("cancellable", "DISPATCHING".equals(status));
        return "console/batch";
    }

    @PostMapping("/{kind:batches|files}/{id}/cancel")
    String cancel(Caller caller, @PathVariable String kind, @PathVariable String id,
                  @RequestParam(required = false) String confirmed, HttpServletRequest request,
                  RedirectAttributes flash) {
        boolean file = "files".equals(kind);
        Entitlements.Rule rule = entitled(caller, file ? "file.cancel" : "batch.cancel");
        if (confirmed == null) {
            flash.addFlashAttribute("done", "Not cancelled: tick the confirmation first.");
        } else {
            if (file) {
                files.cancel(caller, id);
            } else {
                batches.cancel(caller, id);
            }
            guard.performed(request, caller, rule);
            flash.addFlashAttribute("done", "Cancelled: items not yet sent will not be.");
        }
        return "redirect:" + ConsoleSecurity.ROOT + "/" + kind + "/" + id;
    }

    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                facts.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return facts;
    }

    // ---- operations --------------------------------------------------------------------------------------------

    @GetMapping("/operations")
    String operations(Caller caller, Model model) {
        entitled(caller, "admin.read-models");
        model.addAttribute("processors", processors.all().values());
        model.addAttribute("readModels", ops.progress());
        entitled(caller, "admin.dead-letters");
        Map<String, List<ReadModels.DeadLetterView>> dead = new LinkedHashMap<>();
        ReadModels.PROJECTIONS.stream().sorted().forEach(name -> dead.put(name, ops.deadLetters(name)));
        model.addAttribute("deadLetters", dead);
        return "console/operations";
    }

    @PostMapping("/operations/dead-letters/{projection}/{action:retry|evict}")
    String deadLetters(Caller caller, @PathVariable String projection, @PathVariable String action,
                       @RequestParam(required = false) String confirmed, HttpServletRequest request,
                       RedirectAttributes flash) {
        boolean evict = "evict".equals(action);
        Entitlements.Rule rule = entitled(caller, evict ? "admin.dead-letters.evict" : "admin.dead-letters.retry");
        if (evict && confirmed == null) {
            flash.addFlashAttribute("done", "Nothing evicted: tick the confirmation first.");
        } else {
            Map<String, Integer> result = evict ? ops.evict(projection) : ops.retry(projection);
            guard.performed(request, caller, rule);
            flash.addFlashAttribute("done", projection + ": " + result);
        }
        return "redirect:" + ConsoleSecurity.ROOT + "/operations";
    }
}
