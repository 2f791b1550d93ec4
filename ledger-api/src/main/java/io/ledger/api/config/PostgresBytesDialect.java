package io.ledger.api.config;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;

import java.sql.Types;

/**
 * Stores Axon's {@code @Lob byte[]} columns (event payloads and metadata, snapshots, tokens, sagas) as
 * PostgreSQL {@code bytea} instead of {@code oid} large objects. Large objects live outside the row,
 * are orphaned when rows are deleted, need a transaction to read and make the JSON unreadable in SQL;
 * bytea has none of that. Overriding the DDL alone is not enough: Hibernate would still bind large
 * objects, so the JDBC binding is replaced too. See docs/adr/0002-event-store-on-postgresql.md.
 */
public class PostgresBytesDialect extends PostgreSQLDialect {

    @Override
    protected String columnType(int sqlTypeCode) {
        if (sqlTypeCode == SqlTypes.BLOB) {
            return "bytea";
        }
        return super.columnType(sqlTypeCode);
    }

    @Override
    protected String castType(int sqlTypeCode) {
        if (sqlTypeCode == SqlTypes.BLOB) {
            return "bytea";
        }
        return super.castType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
    }
}
