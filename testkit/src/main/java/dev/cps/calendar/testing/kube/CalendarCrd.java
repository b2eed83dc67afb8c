package dev.cps.calendar.testing.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The CalendarInstance CRD the operator's build generates from the Java model (the same file as
 * crds/), found on the classpath of the operator's tests, its jar and every module that depends on it.
 */
public final class CalendarCrd {

    /** Where the build's crd-generator writes it: target/classes of the operator module. */
    public static final String RESOURCE = "META-INF/fabric8/calendarinstances.calendar.cps.dev-v1.yml";

    private CalendarCrd() {
    }

    /** True when the generated CRD is on this classpath. */
    public static boolean present() {
        return CalendarCrd.class.getClassLoader().getResource(RESOURCE) != null;
    }

    /** The CRD's YAML; fails with a clear message when the operator's process-classes phase has not run. */
    public static InputStream open() {
        InputStream in = CalendarCrd.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath: run the operator build's process-classes phase first");
        }
        return in;
    }

    public static CustomResourceDefinition definition() {
        try (InputStream in = open()) {
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
