package io.ledger.api.it;

import io.ledger.api.security.Entitlements;
import io.ledger.api.security.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deny by default, with one list of who may call what: every route the service maps has exactly one rule in
 * {@link Entitlements}, no rule names a route that is not there, and every rule refuses a token holding every
 * scope but its own.
 */
class EntitlementsIT extends LedgerIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/v1/")) {
                    continue; // the API description's own routes are public reads (Entitlements.PUBLIC_GETS)
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    routes.add(method.name() + " " + pattern);
                }
            }
        }
        return routes;
    }

    @Test
    void everyRouteHasItsRuleAndEveryRuleItsRoute() {
        Set<String> ruled = Entitlements.RULES.stream().filter(rule -> rule.pattern().startsWith("/v1/"))
                .map(rule -> rule.method().name() + " " + rule.pattern()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routes(), ruled, "a route without a rule is refused to everyone; a rule without a route is stale");
        assertEquals(Entitlements.RULES.size(), Entitlements.RULES.stream()
                .map(rule -> rule.method() + " " + rule.pattern()).distinct().count(), "one rule per route");
    }

    @Test
    void everyRuleRefusesEveryOtherScope() {
        for (Entitlements.Rule rule : Entitlements.RULES) {
            Set<Scope> others = EnumSet.allOf(Scope.class);
            others.removeAll(rule.scopes());
            String token = Tokens.token("intruder", others.stream().map(Scope::claimValue).collect(Collectors.joining(" ")));
            String path = rule.pattern().replaceAll("\\{[^}]+}", "x").replace("/**", "/liveness-of-nothing");
            Http.Response response = http.request(rule.method().name(), path, token);
            assertEquals(403, response.status(), rule + " " + response.body());
            assertEquals("FORBIDDEN", response.code());
            assertEquals(rule.needs(), response.text("detail"));
            assertEquals(401, http.request(rule.method().name(), path, null).status(), rule.toString());
        }
    }

    @Test
    void theRuleTableIsTheOneInTheApiDocs() throws Exception {
        String api = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "api.md"));
        for (Entitlements.Rule rule : Entitlements.RULES) {
            String row = "| `" + rule.action() + "` | `" + rule.method() + " " + rule.pattern() + "` | "
                    + rule.scopes().stream().map(Scope::claimValue).sorted().map(s -> "`" + s + "`")
                    .collect(Collectors.joining(", ")) + " |";
            assertTrue(api.contains(row), "docs/api.md lists " + row);
        }
    }
}
