package io.ledger.query.audit;

import io.ledger.messages.common.MetaDataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

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

    /** A command that succeeded, and when it started: the trace orders a request's commands by it. */
    public record Succeeded(CommandMessage<?> command, Instant startedAt) {
    }

    /** One JDBC batch: a saga step sends several commands, a processor batch many steps. */
    public void recordAll(List<Succeeded> commands) {
        if (commands.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into audit_command (command_id, command_type, correlation_id, causation_id, principal, scopes,
                    recorded_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (command_id) do nothing""",
                commands.stream().map(done -> {
                    CommandMessage<?> command = done.command();
                    return new Object[] {command.getIdentifier(), command.getCommandName(),
                            text(command, MetaDataKeys.CORRELATION_ID), text(command, MetaDataKeys.CAUSATION_ID),
                            text(command, MetaDataKeys.PRINCIPAL), text(command, MetaDataKeys.SCOPES),
                            Timestamp.from(done.startedAt())};
                }).toList());
    }

    private static String text(CommandMessage<?> command, String key) {
        Object value = command.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
