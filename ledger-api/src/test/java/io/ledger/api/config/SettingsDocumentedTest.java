package io.ledger.api.config;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting the settings records declare (the configuration metadata the build generates from them) is in the
 * README's table, by its environment variable where application.yml maps one, else by its key (issue 24).
 */
class SettingsDocumentedTest {

    private static final Pattern ENTRY = Pattern.compile("(\\s*)([\\w.-]+):\\s*(.*)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(LEDGER_\\w+)");

    @Test
    void everySettingIsInTheReadme() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertTrue(in != null, "the build generates the configuration metadata");
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, String> variables = variables(Files.readString(Path.of("src/main/resources/application.yml")));
        String readme = Files.readString(Path.of("../README.md"));
        List<String> missing = new ArrayList<>();
        int settings = 0;
        for (JsonNode property : metadata.get("properties")) {
            String key = property.get("name").asString();
            settings++;
            String variable = variables.get(key);
            if (!readme.contains(key) && (variable == null || !readme.contains(variable))) {
                missing.add(key + (variable == null ? "" : " (" + variable + ")"));
            }
        }
        assertTrue(settings > 30, "the settings were found: " + settings);
        assertEquals(List.of(), missing, "settings the README does not name");
    }

    /** Each key of application.yml that maps an environment variable, to that variable. */
    private static Map<String, String> variables(String yml) {
        Map<String, String> variables = new HashMap<>();
        Deque<Map.Entry<Integer, String>> path = new ArrayDeque<>();
        for (String line : yml.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                continue;
            }
            int indent = entry.group(1).length();
            while (!path.isEmpty() && path.peekLast().getKey() >= indent) {
                path.removeLast();
            }
            path.addLast(Map.entry(indent, entry.group(2)));
            Matcher variable = VARIABLE.matcher(entry.group(3));
            if (variable.find()) {
                variables.put(String.join(".", path.stream().map(Map.Entry::getValue).toList()), variable.group(1));
            }
        }
        return variables;
    }
}
