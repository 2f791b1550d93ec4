package io.ledger.query.audit;

import io.ledger.messages.common.MetaDataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Writes each committed command with its lineage (correlation, causation, principal, scopes), so a
 * trace can show the commands a request caused between the request and its events.
 */
@Component
public class CommandLineage {

    private final JdbcTemplate jdbc;

    public CommandLineage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(CommandMessage<?> command) {
        jdbc.update("""
                insert into audit_command (command_id, command_type, correlation_id, causation_id, principal, scopes,
                    recorded_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (command_id) do nothing""",
                command.getIdentifier(), command.getCommandName(), text(command, MetaDataKeys.CORRELATION_ID),
                text(command, MetaDataKeys.CAUSATION_ID), text(command, MetaDataKeys.PRINCIPAL),
                text(command, MetaDataKeys.SCOPES), Timestamp.from(Instant.now()));
    }

    private static String text(CommandMessage<?> command, String key) {
        Object value = command.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
