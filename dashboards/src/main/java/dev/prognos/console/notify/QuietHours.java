package dev.prognos.console.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily window {@code HH:MM-HH:MM} in a time zone, which may wrap midnight ({@code 22:00-06:00}).
 * The start is inside the window, the end is not.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public QuietHours {
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours: start and end are both " + start + "; give an empty window by leaving the key out");
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static QuietHours parse(String text, String zone) {
        String[] parts = text == null ? new String[0] : text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("quiet hours must look like 22:00-06:00, got '" + text + "'");
        }
        try {
            return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), ZoneId.of(zone));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quiet hours must look like 22:00-06:00, got '" + text + "'", e);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "'", e);
        }
    }

    public boolean contains(Instant t) {
        LocalTime local = t.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** The first instant at or after {@code t} outside the window: {@code t} itself when outside. */
    public Instant endAfter(Instant t) {
        if (!contains(t)) {
            return t;
        }
        ZonedDateTime local = t.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!start.isBefore(end) && !local.toLocalTime().isBefore(start)) {
            day = day.plusDays(1); // inside the part before midnight: it ends tomorrow
        }
        return ZonedDateTime.of(day, end, zone).toInstant();
    }
}
