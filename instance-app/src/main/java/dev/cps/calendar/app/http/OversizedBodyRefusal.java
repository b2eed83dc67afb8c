package dev.cps.calendar.app.http;

import dev.cps.calendar.app.transfer.TransferDocument;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A client that offers a body with {@code Expect: 100-continue} waits for the server's go-ahead
 * before it sends it. When the announced length is over the limit, the answer is the 413 at once
 * (and the connection closes), not {@code 100 Continue} for a body that would be refused.
 */
final class OversizedBodyRefusal extends Handler.Wrapper {

    private final long maxBytes;

    OversizedBodyRefusal(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // an import carries a whole calendar: it has its own, larger limit
        long limit = TransferDocument.IMPORT_PATH.equals(request.getHttpURI().getPath()) ? TransferDocument.MAX_BYTES : maxBytes;
        if (request.getLength() > limit
                && request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            JettyErrorPage.write(response, callback, ApiError.tooLarge((int) limit));
            return true;
        }
        return super.handle(request, response, callback);
    }
}
