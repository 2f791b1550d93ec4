package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 description served at /v3/api-docs (browsable at /swagger-ui.html); docs/openapi.json is its copy. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        // The caller comes from the bearer token, not from a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Ledger API").version("v1")
                        .description("Event-sourced double-entry ledger: accounts, payments, audit. Amounts are decimal "
                                + "strings; errors are RFC 9457 problem documents with a stable code."))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
