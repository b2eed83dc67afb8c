package dev.cps.calendar.local;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * A request that came in at a calendar's {@code <slug>.localhost} alias, as it would have come in at
 * the host of its Ingress rule or route: a pool picks the calendar by {@code Host}, and knows it by
 * the host the operator wrote in the members hash, which no browser here resolves. {@code Origin} is
 * rewritten alike, so the calendar's same-origin check sees what a browser at that host sends.
 */
final class RuleHostRequest extends Request.Wrapper {

    private final HttpFields headers;

    RuleHostRequest(Request request, String aliasHost, String ruleHost) {
        super(request);
        int port = request.getHttpURI().getPort();
        String authority = port > 0 ? ruleHost + ":" + port : ruleHost;
        HttpFields.Mutable rewritten = HttpFields.build(request.getHeaders());
        rewritten.put(HttpHeader.HOST, authority);
        HttpField origin = request.getHeaders().getField(HttpHeader.ORIGIN);
        if (origin != null) {
            String aliasAuthority = port > 0 ? aliasHost + ":" + port : aliasHost;
            rewritten.put(HttpHeader.ORIGIN, origin.getValue().replace("://" + aliasAuthority, "://" + authority));
        }
        this.headers = rewritten.asImmutable();
    }

    @Override
    public HttpFields getHeaders() {
        return headers;
    }
}
