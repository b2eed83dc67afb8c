package dev.cps.calendar.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;

/** A minimal Server-Sent Events reader: calls back with (event, data) and counts comment lines (heartbeats). */
final class SseClient implements Flow.Subscriber<String> {

    private final BiConsumer<String, String> onEvent;
    private volatile Flow.Subscription subscription;
    private String event = "message";
    private final StringBuilder data = new StringBuilder();
    volatile int comments;
    volatile boolean open;

    private SseClient(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    static SseClient connect(HttpClient http, String baseUrl, BiConsumer<String, String> onEvent) {
        SseClient client = new SseClient(onEvent);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/events"))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Void>> ignored =
                http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(client));
        return client;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        open = true;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (data.length() > 0) {
                onEvent.accept(event, data.toString());
            }
            event = "message";
            data.setLength(0);
        } else if (line.startsWith(":")) {
            comments++;
        } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
        }
    }

    @Override
    public void onError(Throwable throwable) {
        open = false;
    }

    @Override
    public void onComplete() {
        open = false;
    }

    void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
