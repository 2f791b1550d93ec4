package io.ledger.api.file;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * XML from outside, read safely (ADR 0023): the JDK's StAX parser with DTDs and external entities off, and a DTD or an
 * entity reference refused where it appears — no entity is ever declared, let alone expanded (no XXE, no billion
 * laughs). {@link #read} builds a bounded tree for documents read whole (bank statements); payment files, read as a
 * stream, use {@link #FACTORY} directly.
 */
public final class SafeXml {

    public static final XMLInputFactory FACTORY = factory();

    private SafeXml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** An element: its local name, its attributes that matter (by local name), its text (stripped) and children. */
    public record Element(String name, Map<String, String> attributes, String text, List<Element> children) {

        /** The first element down this path of names ("Amt", "Refs/EndToEndId"). */
        public Optional<Element> find(String path) {
            Element at = this;
            for (String step : path.split("/")) {
                Element next = null;
                for (Element child : at.children) {
                    if (child.name.equals(step)) {
                        next = child;
                        break;
                    }
                }
                if (next == null) {
                    return Optional.empty();
                }
                at = next;
            }
            return Optional.of(at);
        }

        /** The text at a path, or null when there is none (or it is empty). */
        public String text(String path) {
            return find(path).map(Element::text).filter(text -> !text.isEmpty()).orElse(null);
        }

        /** The children of this name, in document order. */
        public List<Element> all(String name) {
            return children.stream().filter(child -> child.name.equals(name)).toList();
        }
    }

    /**
     * Reads a whole document into a tree, refusing what is not safe or too big: elements nested deeper than maxDepth,
     * a text longer than maxText characters, more than maxElements elements, an element outside the namespace.
     * A refusal is reported through the refusal function, which names the rule broken, never the content.
     */
    public static Element read(InputStream in, String namespace, int maxDepth, int maxText, int maxElements,
                               Function<String, RuntimeException> refusal) {
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
            List<Builder> open = new ArrayList<>();
            Element root = null;
            int elements = 0;
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.DTD -> throw refusal.apply(
                            "a DTD is not accepted (no entities, no external references)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw refusal.apply("entity references are not accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (!namespace.equals(xml.getNamespaceURI())) {
                            throw refusal.apply("element " + xml.getLocalName() + " is not in the namespace " + namespace);
                        }
                        if (open.size() >= maxDepth) {
                            throw refusal.apply("elements nest deeper than " + maxDepth);
                        }
                        if (++elements > maxElements) {
                            throw refusal.apply("the document holds more than " + maxElements + " elements");
                        }
                        String currency = xml.getAttributeValue(null, "Ccy");
                        open.add(new Builder(xml.getLocalName(), currency == null ? Map.of() : Map.of("Ccy", currency)));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            StringBuilder text = open.get(open.size() - 1).text;
                            if (text.length() + xml.getTextLength() > maxText) {
                                throw refusal.apply("a text in " + open.get(open.size() - 1).name + " is longer than "
                                        + maxText + " characters");
                            }
                            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Element done = open.remove(open.size() - 1).build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.get(open.size() - 1).children.add(done);
                        }
                    }
                    default -> {
                        // comments and processing instructions carry nothing
                    }
                }
            }
            if (root == null) {
                throw refusal.apply("the document has no root element");
            }
            return root;
        } catch (XMLStreamException e) {
            String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            throw refusal.apply("the XML is not well-formed: "
                    + (message.length() <= 160 ? message : message.substring(0, 157) + "..."));
        }
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attributes;
        final StringBuilder text = new StringBuilder();
        final List<Element> children = new ArrayList<>();

        Builder(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        Element build() {
            return new Element(name, attributes, text.toString().strip(), List.copyOf(children));
        }
    }
}
