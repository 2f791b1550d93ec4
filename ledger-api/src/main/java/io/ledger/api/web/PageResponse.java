package io.ledger.api.web;

import java.util.List;

/** A page of a list; pass nextCursor back as ?cursor= for the next page. Null on the last page. */
public record PageResponse<T>(List<T> items, String nextCursor) {
}
