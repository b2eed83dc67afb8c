package dev.cps.calendar.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cps.calendar.api.ContractJson;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body as a JSON object: at most {@value #MAX_BYTES} bytes (413), sent as
 * {@code application/json} in UTF-8 (415), strict UTF-8 and well-formed JSON without duplicate keys
 * (400); fields typed as the API says (400).
 *
 * <p>Not Javalin's {@code bodyAsClass}/{@code bodyValidator}: they decode the body leniently (invalid
 * UTF-8 becomes U+FFFD), accept two equal keys (the last wins), let the mapper coerce {@code 20300101} into
 * the string a date field wants, and answer any failure as "Couldn't deserialize body": the API's
 * checks and its messages ("date must be a string like ...") would be lost.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 16 * 1024;
    /** Bodies up to this size are read and dropped before a 413; larger ones get the 413 and a closed connection. */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private static final ObjectReader READER = ContractJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a proxy or another parser may take the first of two equal keys: refuse the ambiguity
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody of(Context ctx) {
        return of(ctx, MAX_BYTES);
    }

    /** A body of up to {@code maxBytes}, for the few routes that take more than a booking (an import). */
    public static JsonBody of(Context ctx, int maxBytes) {
        if (ctx.contentLength() > maxBytes) {
            discardBody(ctx);
            throw ApiError.tooLarge(maxBytes);
        }
        // the raw header: the servlet's parsed form throws on a charset it does not know
        String contentType = ctx.header("Content-Type");
        MediaType.requireJson(contentType);
        byte[] bytes = maxBytes <= MAX_BYTES ? ctx.bodyAsBytes() : readUpTo(ctx, maxBytes);
        if (bytes.length > maxBytes) {
            throw ApiError.tooLarge(maxBytes);
        }
        if (bytes.length == 0) {
            throw ApiError.invalid("the request has no body; send a JSON object");
        }
        requireUtf8(bytes);
        JsonNode node;
        try {
            node = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(JsonProblem.describe(e));
        } catch (IOException e) {
            throw ApiError.invalid("the body cannot be read");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("the body must be a JSON object");
        }
        return new JsonBody(node);
    }

    /** The JSON object itself, for a body with more structure than a few fields. */
    public JsonNode node() {
        return node;
    }

    /** Past the server-wide request size, which {@code bodyAsBytes} enforces; one byte more tells "too large". */
    private static byte[] readUpTo(Context ctx, int maxBytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiError.invalid("the request body ended before its announced length");
        }
    }

    /**
     * Answering while the body is still unread makes the server close the connection with bytes
     * left in its receive buffer; the kernel then resets it, and the client loses the 413 it was
     * already sent. Reading the body first lets the answer arrive.
     */
    private static void discardBody(Context ctx) {
        if (ctx.contentLength() > DISCARD_LIMIT) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away: nobody is waiting for the 413
        }
    }

    /**
     * Strict UTF-8: overlong forms ({@code C1 8A} for "J"), surrogates and stray bytes are refused,
     * where the JSON parser would decode some of them into a different text than another reader sees.
     */
    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw ApiError.invalid("the body is not valid UTF-8; send JSON encoded as UTF-8");
        }
    }

    /** The string field, or null when it is missing or null. */
    public String text(String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(field + " must be a string like \"" + example + "\", got " + value);
        }
        return value.textValue();
    }

    /** The whole-number field, or null when it is missing or null. */
    public Integer integer(String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiError.invalid(field + " must be a whole number like " + example + ", got " + value);
        }
        return value.intValue();
    }
}
