package dev.cps.calendar.app.ical;

import dev.cps.calendar.app.config.ActiveConfig;
import dev.cps.calendar.app.domain.DaySchedule;

import java.util.List;

/**
 * A feed as last written, and what it was written from. Configs and day schedules are immutable and
 * replaced by every change, so "the same objects" means "nothing changed": the text is served again
 * (writing a busy year takes ical4j about a second of CPU; calendar apps poll every few minutes).
 */
record RenderedFeed(ActiveConfig config, FeedWindow window, List<DaySchedule> days, String text) {

    boolean isFor(ActiveConfig otherConfig, FeedWindow otherWindow, List<DaySchedule> otherDays) {
        if (config != otherConfig || !window.equals(otherWindow) || days.size() != otherDays.size()) {
            return false;
        }
        for (int i = 0; i < days.size(); i++) {
            if (days.get(i) != otherDays.get(i)) {
                return false;
            }
        }
        return true;
    }
}
