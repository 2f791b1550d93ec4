package io.ledger.api.security;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives controller methods the {@link Caller} the request's bearer token authenticated. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Caller caller = Caller.current();
        if (caller == null) {
            // Defence in depth: Spring Security authenticates every request a controller serves (Entitlements).
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, "no authenticated caller");
        }
        return caller;
    }
}
