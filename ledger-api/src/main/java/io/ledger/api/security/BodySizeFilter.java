package io.ledger.api.security;

import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses request bodies over the limit with 413: at once when Content-Length says so, and while
 * reading when a chunked body runs past it. No endpoint needs more than a few kilobytes but a batch of payments
 * (up to 10,000 items), a payment file (a million lines and more, read as a stream) and a bank statement, which have
 * limits of their own.
 */
public class BodySizeFilter extends OncePerRequestFilter {

    /** POST /v1/payment-batches: 10,000 items of a few hundred bytes each. */
    public static final long BATCH_MAX_BYTES = 8L * 1024 * 1024;

    /** POST /v1/payment-files: read as a stream, never held whole; a million pain.001 transactions fit. */
    public static final long FILE_MAX_BYTES = 1024L * 1024 * 1024;

    /** POST /v1/bank-statements: a day's statement of tens of thousands of entries, read whole (issue 22). */
    public static final long STATEMENT_MAX_BYTES = 32L * 1024 * 1024;

    private final long defaultMaxBytes;
    private final Map<String, Long> perPath;

    public BodySizeFilter(long maxBytes) {
        this(maxBytes, Map.of("/v1/payment-batches", BATCH_MAX_BYTES, "/v1/payment-files", FILE_MAX_BYTES,
                "/v1/bank-statements", STATEMENT_MAX_BYTES));
    }

    BodySizeFilter(long defaultMaxBytes, Map<String, Long> perPath) {
        this.defaultMaxBytes = defaultMaxBytes;
        this.perPath = Map.copyOf(perPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = perPath.getOrDefault(request.getRequestURI(), defaultMaxBytes);
        if (request.getContentLengthLong() > maxBytes) {
            ProblemWriter.write(request, response, HttpStatus.CONTENT_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE,
                    "request bodies are limited to " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    /** Counts what a chunked body delivers and stops it at the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long maxBytes;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > maxBytes) {
                        throw new PayloadTooLargeException(maxBytes);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0 && (read += n) > maxBytes) {
                        throw new PayloadTooLargeException(maxBytes);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }

    /** Thrown while reading a body past the limit; the problem handler answers 413. */
    public static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
        }
    }
}
