package io.ledger.api.file;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvPaymentFileTest {

    static List<FileTransaction> read(byte[] csv) {
        PaymentFileReader reader = PaymentFileReader.Format.CSV.open(new ByteArrayInputStream(csv));
        assertNull(reader.messageId());
        List<FileTransaction> all = new ArrayList<>();
        for (FileTransaction t = reader.next(); t != null; t = reader.next()) {
            all.add(t);
        }
        reader.finish();
        return all;
    }

    static List<FileTransaction> read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsColumnsByNameInAnyOrderWithQuotesAndTheLineEachRecordStartsOn() {
        List<FileTransaction> read = read("\uFEFFamount,currency,debtor_account,creditor_account,remittance_info,end_to_end_id\r\n"
                + "10.00,EUR,acme,ann,\"salary, November\",E1\r\n"
                + "\r\n"
                + "1.00,EUR,acme,bob,\"two\nlines\",\r\n"
                + "2.00,EUR,acme,carl,,E3\r\n");
        assertEquals(3, read.size());
        assertEquals(List.of("line 2", "acme", "ann", "10.00", "EUR", "salary, November", "E1"), List.of(
                read.get(0).location(), read.get(0).debtorAccount(), read.get(0).creditorAccount(), read.get(0).amount(),
                read.get(0).currency(), read.get(0).remittanceInfo(), read.get(0).endToEndId()));
        assertEquals("two\nlines", read.get(1).remittanceInfo());
        assertNull(read.get(1).endToEndId());
        assertEquals("line 6", read.get(2).location());
    }

    @Test
    void aPayoutLineNamesAnIbanAndABadLineCarriesItsProblem() {
        List<FileTransaction> read = read("debtor_account,creditor_account,creditor_iban,creditor_name,amount,currency\n"
                + "acme,,DE89370400440532013000,Carol,5.00,EUR\n"
                + "acme,ann,DE89370400440532013000,Carol,5.00,EUR\n"
                + "acme,,,,5.00,EUR\n"
                + "acme,ann,5.00\n");
        assertTrue(read.get(0).isPayout());
        assertNull(read.get(0).problem());
        assertTrue(read.get(1).problem().contains("not both"));
        assertTrue(read.get(2).problem().contains("is required"));
        assertTrue(read.get(3).problem().contains("3 fields"));
    }

    @Test
    void aHeaderThatIsNotThisFormatRefusesTheFile() {
        assertRefused("debtor_account,creditor_account,amount,currency,colour\n", "unknown CSV column 'colour'");
        assertRefused("debtor_account,creditor_account,amount\n", "lacks the column currency");
        assertRefused("debtor_account,amount,currency\n", "creditor_account, creditor_iban or both");
        assertRefused("debtor_account,debtor_account,creditor_account,amount,currency\n", "header");
        assertRefused("debtor_account,creditor_account,amount,currency\nacme,\"ann,1.00,EUR\n", "malformed");
        assertRefused("debtor_account,creditor_account,amount,currency\nacme,\"" + "x".repeat(40_000) + "\",1,EUR\n",
                "longer than");
        byte[] latin1 = "debtor_account,creditor_account,amount,currency\nacme,Jos\u00e9,1.00,EUR\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        FileRefused refused = assertThrows(FileRefused.class, () -> read(latin1));
        assertTrue(refused.getMessage().contains("not UTF-8"), refused.getMessage());
    }

    private static void assertRefused(String csv, String reason) {
        FileRefused refused = assertThrows(FileRefused.class, () -> read(csv));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
