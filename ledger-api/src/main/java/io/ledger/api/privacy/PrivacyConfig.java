package io.ledger.api.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.jdbc.DataSourceBuilder;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

/**
 * Personal data sealed per data subject (ADR 0021): the key store, the sealing, and the event serializer
 * that applies it to every event and deadline written and read. Axon builds its own event serializer only
 * where none is defined; this one wraps Axon's message serializer, the JSON events were always written in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PersonalDataSettings.class)
public class PrivacyConfig {

    /** The database table by default, the vault where configured; a bean of another store takes their place. */
    @Bean
    @ConditionalOnMissingBean(SubjectKeyStore.class)
    public SubjectKeyStore subjectKeyStore(PersonalDataSettings settings, JdbcTemplate jdbc, DataSource dataSource,
                                           @Qualifier("defaultAxonObjectMapper") ObjectMapper mapper) {
        return settings.inVault() ? new VaultSubjectKeys(settings.vault(), mapper)
                : new DatabaseSubjectKeys(jdbc, keyConnections(dataSource));
    }

    /**
     * Two connections to the application's database for making keys, apart from its pool (DatabaseSubjectKeys
     * says why); the store closes them with the application.
     */
    static HikariDataSource keyConnections(DataSource dataSource) {
        HikariDataSource keys = DataSourceBuilder.derivedFrom(dataSource).type(HikariDataSource.class).build();
        keys.setPoolName("subject-keys");
        keys.setMaximumPoolSize(2);
        keys.setMinimumIdle(0);
        keys.setAutoCommit(true);
        return keys;
    }

    @Bean
    public Sealing sealing(SubjectKeyStore keys) {
        return new Sealing(keys);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(@Qualifier("messageSerializer") Serializer messageSerializer,
                                      @Qualifier("defaultAxonObjectMapper") ObjectMapper mapper, Sealing sealing) {
        return new PersonalDataSerializer(messageSerializer, mapper, sealing);
    }
}
