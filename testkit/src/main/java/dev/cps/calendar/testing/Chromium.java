package dev.cps.calendar.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright for Java. Playwright never downloads a
 * browser here (the machine may be offline); every file it and Chromium write stays under
 * {@code target/}, where surefire points HOME and TMPDIR.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.launch()) {
 *     Page page = chromium.browser().newPage();
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
    public static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static Chromium launch() {
        Path target = targetDirectory();
        createDirectories(target.resolve("home"), target.resolve("tmp"));
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(FLAGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The running module's {@code target/} directory. */
    public static Path targetDirectory() {
        // the running module's target/ (surefire starts tests in the module folder), also when this
        // class comes from the test-jar in ~/.m2
        return Paths.get("target").toAbsolutePath();
    }

    /** Where the browser tests save their screenshots: {@code target/screenshots/<name>.png}. */
    public static Path screenshot(String name) {
        Path dir = targetDirectory().resolve("screenshots");
        createDirectories(dir);
        return dir.resolve(name + ".png");
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
