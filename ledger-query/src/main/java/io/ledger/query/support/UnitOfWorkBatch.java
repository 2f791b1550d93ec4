package io.ledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects items over the outermost unit of work (a processor batch, or a command with the commands it
 * sends) and hands them to {@code flush} once, as that unit of work prepares to commit: in its
 * transaction, so they stand or fall with it. One flush per key per unit of work.
 */
public final class UnitOfWorkBatch {

    private UnitOfWorkBatch() {
    }

    /** In the current unit of work; without one, the item is flushed at once. */
    public static <T> void add(String key, T item, Consumer<List<T>> flush) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush.accept(List.of(item));
            return;
        }
        add(CurrentUnitOfWork.get(), key, item, flush);
    }

    public static <T> void add(UnitOfWork<?> unitOfWork, String key, T item, Consumer<List<T>> flush) {
        UnitOfWork<?> root = unitOfWork.root();
        root.<List<T>>getOrComputeResource(key, k -> {
            List<T> items = new ArrayList<>();
            root.onPrepareCommit(u -> flush.accept(items));
            return items;
        }).add(item);
    }
}
