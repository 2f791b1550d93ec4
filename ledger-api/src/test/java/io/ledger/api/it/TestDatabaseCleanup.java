package io.ledger.api.it;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;

/**
 * Drops a test application's database when its context closes, after its connection pool has closed:
 * the dropper is made a dependency of the {@code dataSource} bean, and Spring destroys a bean's
 * dependencies after the bean. Registered for every Spring test context in META-INF/spring.factories.
 */
class TestDatabaseCleanup implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new DropOnClose();
    }

    /** Equal to every other instance, so it never splits Spring's context cache. */
    private static final class DropOnClose implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.addBeanFactoryPostProcessor(factory -> {
                if (!(factory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition("dataSource")) {
                    return;
                }
                RootBeanDefinition dropper = new RootBeanDefinition(Dropper.class);
                dropper.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
                registry.registerBeanDefinition("testDatabaseDropper", dropper);
                BeanDefinition dataSource = registry.getBeanDefinition("dataSource");
                String[] dependsOn = dataSource.getDependsOn();
                String[] extended = dependsOn == null ? new String[1] : java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
                extended[extended.length - 1] = "testDatabaseDropper";
                dataSource.setDependsOn(extended);
            });
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DropOnClose;
        }

        @Override
        public int hashCode() {
            return DropOnClose.class.hashCode();
        }
    }

    /** Destroyed after the data source: the database is no longer in use. */
    static final class Dropper implements DisposableBean {

        private final String url;

        Dropper(Environment environment) {
            this.url = environment.getProperty("spring.datasource.url");
        }

        @Override
        public void destroy() {
            if (url != null && url.startsWith(TestDatabase.SERVER)) {
                TestDatabase.drop(url);
            }
        }
    }
}
