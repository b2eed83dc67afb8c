package dev.cps.calendar.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each plain-HTTP watch (a path and its selectors) last saw, so the next one can say which
 * objects were deleted in between. A deletion is told to every watcher for a while: a watcher of the
 * same selection that came later must hear it too.
 */
final class WatchedSelections {

    private static final Duration TOLD_FOR = Duration.ofSeconds(30);

    private record Seen(JsonNode object, Instant goneSince) {
    }

    private final Map<String, Map<String, Seen>> bySelection = new HashMap<>();

    /** The objects of {@code selection} seen before and absent from {@code now}; remembers {@code now}. */
    synchronized List<JsonNode> gone(String selection, List<JsonNode> now) {
        Instant at = Instant.now();
        Map<String, Seen> seen = bySelection.computeIfAbsent(selection, s -> new LinkedHashMap<>());
        Set<String> present = now.stream().map(WatchedSelections::uid).collect(Collectors.toSet());
        List<JsonNode> gone = new ArrayList<>();
        seen.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            Seen s = e.getValue();
            Instant since = s.goneSince() == null ? at : s.goneSince();
            if (Duration.between(since, at).compareTo(TOLD_FOR) > 0) {
                return true;
            }
            gone.add(s.object());
            e.setValue(new Seen(s.object(), since));
            return false;
        });
        now.forEach(object -> seen.put(uid(object), new Seen(object, null)));
        if (seen.isEmpty()) {
            bySelection.remove(selection);
        }
        return gone;
    }

    private static String uid(JsonNode object) {
        return object.at("/metadata/uid").asText(object.at("/metadata/namespace").asText() + "/" + object.at("/metadata/name").asText());
    }
}
