package dev.cps.calendar.app.pool;

import dev.cps.calendar.api.ContractJson;
import dev.cps.calendar.app.http.ApiError;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The app's JSON error shape, written by the pool before any calendar's routes see the request. */
final class PoolAnswers {

    private PoolAnswers() {
    }

    static void error(HttpServletResponse res, ApiError error) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        byte[] bytes = ContractJson.write(body).getBytes(StandardCharsets.UTF_8);
        res.setStatus(error.status());
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}
