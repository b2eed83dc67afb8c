package dev.cps.calendar.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the Dockerfiles are checked for what the chart
 * relies on: the image name and tag it defaults to, the jar the build makes, a
 * non-root user matching the pod's runAsUser, the port it probes, the JVM flags.
 * (bench/run.sh runs the app with the instance image's flags, AOT cache included, on a local Java 25.)
 */
class ContainerImagesTest {

    static final Path REPO = Path.of("..");

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            operator/Dockerfile,     ghcr.io/cps-dev/calendar-operator,     operator/target/calendar-operator.jar, 8081
            instance-app/Dockerfile, ghcr.io/cps-dev/calendar-instance-app, instance-app/target/instance-app.jar,  8080
            """)
    void the_image_is_what_the_chart_and_the_operator_expect(String dockerfile, String image, String jar, int port)
            throws IOException {
        String text = Files.readString(REPO.resolve(dockerfile));
        String appVersion = RenderedChart.YAML.readTree(RenderedChart.CHART.resolve("Chart.yaml").toFile())
                .path("appVersion").asText();

        Matcher build = Pattern.compile("docker build -f (\\S+) -t (\\S+):(\\S+) \\.").matcher(text);
        assertThat(build.find()).as("%s documents its docker build command", dockerfile).isTrue();
        assertThat(build.group(1)).isEqualTo(dockerfile);
        assertThat(build.group(2)).isEqualTo(image);
        assertThat(build.group(3)).as("tag = the chart's appVersion").isEqualTo(appVersion);
        assertThat(text).contains(image.endsWith("operator")
                ? RenderedChart.withDefaults().operatorContainer().path("image").asText().replace(":" + appVersion, "")
                : RenderedChart.withDefaults().operatorEnvValue("INSTANCE_IMAGE").replace(":" + appVersion, ""));

        assertThat(text).containsPattern("(?m)^FROM maven:3\\.9-eclipse-temurin-17 AS build$")
                .as("jars built for Java 17, run on the current LTS").containsPattern("(?m)^FROM eclipse-temurin:25-jre$")
                .contains("mvn -B -q -pl " + jar.substring(0, jar.indexOf('/')) + " -am package -DskipTests")
                .contains("cp " + jar + " ")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^EXPOSE " + port + "( [0-9]+)*$")
                .contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:TieredStopAtLevel=1", "-Xss512k",
                        "-XX:+ExitOnOutOfMemoryError", "-XX:+UseCompactObjectHeaders");
        assertThat(RenderedChart.withDefaults().operatorDeployment().at("/spec/template/spec/securityContext/runAsUser").asInt())
                .as("the chart runs the operator as the image's user").isEqualTo(10001);
    }
}
