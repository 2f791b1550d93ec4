package io.ledger.query;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The read side registers itself: its projections (each names its processing group in a constant), query handlers
 * and their helpers are the components of this package and below. The service imports this class, as it calls the
 * command side's {@code *Module.configure}; it names no package of the read side.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class QueryModule {
}
