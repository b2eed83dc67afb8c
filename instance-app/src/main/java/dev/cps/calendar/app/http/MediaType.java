package dev.cps.calendar.app.http;

import java.util.Locale;

/** The one body type the API takes: {@code application/json}, in UTF-8 (the only charset JSON has, RFC 8259). */
final class MediaType {

    private MediaType() {
    }

    /** @throws ApiError 415 for another type, or a charset other than UTF-8 (including ones nobody knows) */
    static void requireJson(String contentType) {
        if (contentType == null) {
            throw ApiError.unsupportedMediaType(null);
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw ApiError.unsupportedMediaType(contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new ApiError(415, "unsupported-media-type",
                            "send the body as UTF-8 JSON (Content-Type: application/json), not in charset \"" + charset + "\"");
                }
            }
        }
    }
}
