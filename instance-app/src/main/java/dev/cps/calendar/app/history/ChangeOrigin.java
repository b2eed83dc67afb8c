package dev.cps.calendar.app.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cps.calendar.api.ContractJson;

/**
 * Where a change came from, as the history tells it: the {@link Source} (the page, the API, an import)
 * and the access role of whoever made it ({@code editor}; none when the store was written to directly).
 */
public record ChangeOrigin(Source source, @JsonInclude(JsonInclude.Include.NON_NULL) String role) {

    /** A write that nobody attributed (tests, tools that use the store directly). */
    public static final ChangeOrigin UNATTRIBUTED = new ChangeOrigin(Source.api, null);

    /** The request header the page sends with its writes, so the history can say "from the page". */
    public static final String CLIENT_HEADER = "X-Calendar-Client";

    public enum Source {
        page, api, undo, imported;

        /** The name the API and the history show: {@code import}, not Java's {@code imported}. */
        @JsonValue
        public String label() {
            return this == imported ? "import" : name();
        }

        @JsonCreator
        public static Source ofLabel(String label) {
            for (Source source : values()) {
                if (source.label().equals(label)) {
                    return source;
                }
            }
            return api;
        }
    }

    public ChangeOrigin {
        if (source == null) {
            throw new IllegalArgumentException("a change origin needs a source");
        }
    }

    /** {@code {"source":"page","role":"editor"}}, as the history stores it. */
    public String json() {
        return ContractJson.write(this);
    }
}
