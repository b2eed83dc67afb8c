package dev.cps.calendar.operator.redis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cps.calendar.api.ContractJson;

/**
 * Who owns a slug, stored at {@code InstanceKeys.slugClaim()}: one resource (by UID) per slug
 * across all namespaces. {@code retained} marks the data of a deleted resource with
 * {@code deletionPolicy: Retain}, waiting for a new resource with that slug in the same namespace.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SlugClaim(String namespace, String name, String uid, boolean retained) {

    public static SlugClaim of(String namespace, String name, String uid) {
        return new SlugClaim(namespace, name, uid, false);
    }

    public boolean isHeldBy(String uid) {
        return !retained && this.uid.equals(uid);
    }

    public boolean canBeAdoptedFrom(String namespace) {
        return retained && this.namespace.equals(namespace);
    }

    public SlugClaim asRetained() {
        return new SlugClaim(namespace, name, uid, true);
    }

    public String holder() {
        return namespace + "/" + name;
    }

    String toJson() {
        return ContractJson.write(this);
    }

    static SlugClaim fromJson(String json) {
        try {
            return ContractJson.MAPPER.readValue(json, SlugClaim.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("slug claim is not valid JSON: " + json, e);
        }
    }
}
