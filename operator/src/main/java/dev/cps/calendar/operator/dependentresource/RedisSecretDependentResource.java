package dev.cps.calendar.operator.dependentresource;

import dev.cps.calendar.operator.customresource.CalendarInstance;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code <slug>-redis}: the instance's Redis user, password and the URL the app connects with.
 * Written as {@code data} (not {@code stringData}) so that it compares equal to what the API
 * server returns, and an unchanged Secret is never rewritten.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ManagedLabels.SELECTOR))
public class RedisSecretDependentResource extends CalendarChildResource<Secret> {

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String REDIS_URL = "redis-url";

    public RedisSecretDependentResource() {
        super(Secret.class);
    }

    public static String name(String slug) {
        return slug + "-redis";
    }

    /** The password kept in an existing Secret, so it is generated once and reused. */
    public static Optional<String> passwordIn(Secret secret) {
        return Optional.ofNullable(secret.getData()).map(data -> data.get(PASSWORD))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .filter(password -> !password.isBlank());
    }

    @Override
    public Secret desired(CalendarInstance instance, InstancePlan plan) {
        Map<String, String> data = new TreeMap<>();
        data.put(USERNAME, base64(plan.redisUsername()));
        data.put(PASSWORD, base64(plan.redisPassword()));
        data.put(REDIS_URL, base64(plan.redisUrl()));
        return new SecretBuilder()
                .withMetadata(metadata(instance, name(plan.slug()), plan.slug()))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    @Override
    protected String nameFor(String slug) {
        return name(slug);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
