package dev.cps.calendar.app.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What is wrong with a body the JSON parser refused, in plain words and with where it is:
 * never the parser's classes, features or settings (people read these messages).
 */
final class JsonProblem {

    private JsonProblem() {
    }

    static String describe(JsonProcessingException e) {
        String where = where(e.getLocation());
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return "the body is nested too deeply or has a value that is too long" + where;
        }
        if (original.startsWith("Duplicate field")) {
            String field = original.replaceFirst("^Duplicate field '(.*)'$", "$1");
            return "the field \"" + field + "\" appears twice" + where + "; give each field once";
        }
        if (e instanceof MismatchedInputException && original.startsWith("Trailing token")) {
            return "the body holds more than one JSON value" + where + "; send one object";
        }
        if (e instanceof StreamReadException && original.startsWith("Unexpected end-of-input")) {
            return "the body is not valid JSON: it ends too early" + where;
        }
        if (original.startsWith("Unexpected character") || original.startsWith("Unrecognized token")) {
            return "the body is not valid JSON: an unexpected character" + where;
        }
        return "the body is not valid JSON" + where;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
