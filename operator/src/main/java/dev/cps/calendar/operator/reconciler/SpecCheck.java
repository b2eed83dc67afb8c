package dev.cps.calendar.operator.reconciler;

import dev.cps.calendar.api.AccessMode;
import dev.cps.calendar.api.CalendarUser;
import dev.cps.calendar.api.PoolKeys;
import dev.cps.calendar.api.Slug;
import dev.cps.calendar.api.UserColor;
import dev.cps.calendar.api.ViewerAccess;
import dev.cps.calendar.operator.customresource.AccessSpec;
import dev.cps.calendar.operator.customresource.CalendarInstance;
import dev.cps.calendar.operator.customresource.CalendarInstanceSpec;
import dev.cps.calendar.operator.customresource.Placement;
import dev.cps.calendar.operator.customresource.RouteKind;
import dev.cps.calendar.operator.customresource.RouteSpec;
import dev.cps.calendar.operator.customresource.UserSpec;
import dev.cps.calendar.operator.pool.PoolObjects;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's own check of a spec. The API server refuses most mistakes (schema and CEL rules);
 * this catches what they cannot (a time zone that does not exist) and anything that reached the
 * operator without admission (an older CRD, a test). A problem here stalls the resource with a
 * message; it is not retried, since only an edit can fix it.
 */
public final class SpecCheck {

    private SpecCheck() {
    }

    /** The problems, as a message for a person; empty when the spec can be served. */
    public static Optional<String> problems(CalendarInstance instance) {
        CalendarInstanceSpec spec = instance.getSpec();
        if (spec == null) {
            return Optional.of("spec is missing");
        }
        List<String> problems = new ArrayList<>();
        if (!Slug.isValid(instance.slug())) {
            problems.add("slug '" + instance.slug() + "' is not a DNS label of at most " + Slug.MAX_LENGTH + " characters");
        } else if (instance.slug().startsWith(PoolObjects.NAME_PREFIX)) {
            problems.add("slug '" + instance.slug() + "' starts with " + PoolObjects.NAME_PREFIX
                    + ", which names the objects of Shared calendars' pools: choose another slug");
        }
        if (spec.getTitle() == null || spec.getTitle().isBlank()) {
            problems.add("title is required");
        }
        checkUsers(spec, problems);
        checkServing(spec, problems);
        if (spec.getTimezone() != null && !spec.getTimezone().isBlank()) {
            try {
                ZoneId.of(spec.getTimezone());
            } catch (DateTimeException e) {
                problems.add("timezone '" + spec.getTimezone() + "' is not a known IANA time zone (e.g. Europe/Berlin, Australia/Sydney, UTC)");
            }
        }
        if (spec.getHours() != null) {
            var hours = DesiredConfig.hoursOf(spec);
            if (!hours.isValid()) {
                problems.add("hours must satisfy 0 <= start < end <= 24, got " + hours.start() + "-" + hours.end());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The host, replicas, placement, route and access rules of the CRD, as the API server checks them. */
    private static void checkServing(CalendarInstanceSpec spec, List<String> problems) {
        if (spec.getHost() != null && !spec.getHost().matches(CalendarInstanceSpec.HOST_PATTERN)) {
            problems.add("host '" + spec.getHost() + "' must be a DNS name, without a scheme or path");
        }
        if (spec.getReplicas() != null && (spec.getReplicas() < 0 || spec.getReplicas() > CalendarInstanceSpec.MAX_REPLICAS)) {
            problems.add("replicas must be 0 to " + CalendarInstanceSpec.MAX_REPLICAS + ", got " + spec.getReplicas());
        }
        if (spec.getPool() != null && spec.placementOrDefault() != Placement.Shared) {
            problems.add("pool needs placement: Shared");
        } else if (spec.getPool() != null && (spec.getPool().length() > PoolKeys.MAX_POOL_LENGTH || !Slug.isValid(spec.getPool()))) {
            problems.add("pool '" + spec.getPool() + "' is not a DNS label of at most " + PoolKeys.MAX_POOL_LENGTH + " characters");
        }
        RouteSpec route = spec.getRoute();
        if (route != null && route.getGateway() != null && route.getKind() != null && route.getKind() != RouteKind.HTTPRoute) {
            problems.add("route.gateway needs route.kind: HTTPRoute");
        }
        AccessSpec access = spec.getAccess();
        if (access == null) {
            return;
        }
        boolean passcode = access.getMode() == null || access.getMode() == AccessMode.Passcode;
        if (access.getViewers() != null && access.getViewers() != ViewerAccess.None && !passcode) {
            problems.add("access.viewers needs mode: Passcode");
        }
        if (access.getPasscodeSecret() != null && !passcode) {
            problems.add("access.passcodeSecret needs mode: Passcode");
        } else if (access.getPasscodeSecret() != null && !access.getPasscodeSecret().matches(AccessSpec.SECRET_NAME_PATTERN)) {
            problems.add("access.passcodeSecret must be the name of a Secret in this namespace");
        }
        if (access.getUserHeader() != null && access.getMode() != AccessMode.External) {
            problems.add("access.userHeader needs mode: External");
        } else if (access.getUserHeader() != null && !access.getUserHeader().matches(AccessSpec.HEADER_PATTERN)) {
            problems.add("access.userHeader must be an HTTP header name");
        }
    }

    private static void checkUsers(CalendarInstanceSpec spec, List<String> problems) {
        List<UserSpec> users = spec.getUsers() == null ? List.of() : spec.getUsers();
        if (users.size() < 2 || users.size() > 4) {
            problems.add("users must list 2 to 4 people, got " + users.size());
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (UserSpec user : users) {
            if (user.getName() == null || user.getName().isBlank()) {
                problems.add("every user needs a name");
            } else if (!names.add(user.getName())) {
                problems.add("user name '" + user.getName() + "' appears twice");
            }
            if (user.getKey() == null || !user.getKey().matches(CalendarUser.KEY_PATTERN)) {
                problems.add("the key of " + user.getName() + " must be one letter, or a digit other than 1, 2 and 3");
            } else if (!keys.add(user.getKey().toLowerCase(Locale.ROOT))) {
                problems.add("key '" + user.getKey() + "' is used twice (keys ignore case)");
            }
        }
        if (spec.getColors() != null) {
            for (int position = 1; position <= 4; position++) {
                String color = spec.getColors().forPosition(position);
                if (color == null) {
                    continue;
                }
                if (position > users.size()) {
                    problems.add("colors.user" + position + " is set but there are only " + users.size() + " users");
                } else if (UserColor.parse(color).isEmpty()) {
                    problems.add("colors.user" + position + " '" + color + "' is neither a color name nor #rrggbb");
                }
            }
        }
    }

}
