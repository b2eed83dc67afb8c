package dev.cps.calendar.testing.kube;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.List;

/**
 * Gives a test a {@link KubeControlPlane} parameter (constructor, lifecycle or test method), with the
 * CalendarInstance CRD installed when the build generated it onto the classpath. One control plane
 * serves every test class of the run (starting it takes seconds to a minute on two
 * cores); it is stopped when the run ends. Test classes keep out of each other's way by using
 * namespaces of their own.
 *
 * <pre>{@code
 * @ExtendWith(KubeControlPlaneExtension.class)
 * class SomethingOnARealApiServerTest {
 *     @BeforeAll
 *     static void setUp(KubeControlPlane cluster) { ... }
 * }
 * }</pre>
 */
public final class KubeControlPlaneExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KubeControlPlaneExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubeControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The run's control plane, started on first use; its files are under target/kube. */
    public static KubeControlPlane shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KubeControlPlane.class, key -> KubeControlPlane.start(Path.of("target", "kube"), false,
                        CalendarCrd.present() ? List.of(CalendarCrd.RESOURCE) : List.of()), KubeControlPlane.class);
    }
}
