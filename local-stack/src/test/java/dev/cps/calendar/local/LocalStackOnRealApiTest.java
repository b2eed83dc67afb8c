package dev.cps.calendar.local;

import dev.cps.calendar.app.page.CalendarPage;
import dev.cps.calendar.testing.Chromium;
import dev.cps.calendar.operator.customresource.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cps.calendar.local.EndToEnd.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack with {@code --api real}: the same YAML folder, Redis, operator, kubelet stand-in
 * and Host router on a real kube-apiserver, etcd and garbage collector. A file becomes a calendar a
 * person books in Chromium; removing the file deletes it, and the real garbage collector, not the
 * stack, removes its Deployment.
 */
class LocalStackOnRealApiTest {

    @TempDir
    static Path folder;
    private static LocalStack stack;
    private static Chromium chromium;
    private static EndToEnd platform;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        stack = LocalStack.start(folder, 0, "real");
        platform = new EndToEnd(folder, stack);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stopEverything() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFileBecomesACalendarJackBooksWithTheKeyboardAndRemovingTheFileCollectsItsChildren() {
        platform.write("tailspin", """
                apiVersion: calendar.cps.dev/v1alpha1
                kind: CalendarInstance
                metadata:
                  name: tailspin
                  namespace: toys
                spec:
                  title: Tailspin Toys
                  users:
                    - {name: Jack, key: j}
                    - {name: Bonnie, key: b}
                """);
        eventually().until(() -> {
            var instance = stack.client().resources(dev.cps.calendar.operator.customresource.CalendarInstance.class)
                    .inNamespace("toys").withName("tailspin").get();
            return instance != null && instance.getStatus() != null && instance.getStatus().getPhase() == Phase.Active;
        });
        assertThat(stack.client().apps().deployments().inNamespace("toys").withName("tailspin").get().getMetadata()
                .getOwnerReferences()).singleElement().satisfies(owner -> assertThat(owner.getKind()).isEqualTo("CalendarInstance"));

        String passcode = eventually().until(() -> stack.passcodeOf("toys", "tailspin"), java.util.Optional::isPresent).orElseThrow();
        try (CalendarPage calendar = CalendarPage.openInOwnBrowser(chromium.browser(), stack.urlOf("tailspin"), passcode)) {
            assertThat(calendar.title()).hasText("Tailspin Toys");
            String date = calendar.selectedDate();
            calendar.moveTo("10:00");
            calendar.press("2", "j");
            assertThat(calendar.booking("Jack", date, "10:00")).hasAttribute("data-duration", "2");
        }

        platform.remove("tailspin");
        eventually().until(() -> stack.client().apps().deployments().inNamespace("toys").withName("tailspin").get() == null);
        eventually().until(() -> stack.appPorts("toys", "tailspin").isEmpty());
        assertThat(platform.redisKeys("tailspin")).isEmpty();
    }
}
