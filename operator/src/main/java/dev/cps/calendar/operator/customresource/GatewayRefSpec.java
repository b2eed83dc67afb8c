package dev.cps.calendar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Gateway an HTTPRoute attaches to (its {@code parentRefs} entry). */
public class GatewayRefSpec {

    /** An RFC 1123 subdomain, as Gateway API names its objects and listeners. */
    static final String SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /** An RFC 1123 label: a namespace name. */
    static final String LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Required
    @Pattern(SUBDOMAIN)
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the Gateway, e.g. public.")
    private String name;

    @Pattern(LABEL)
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Namespace of the Gateway. Default: the operator's GATEWAY_NAMESPACE, else this resource's namespace. "
            + "The Gateway's listener must allow routes from this namespace (allowedRoutes).")
    private String namespace;

    @Pattern(SUBDOMAIN)
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Listener of the Gateway to attach to, e.g. https. Default: the operator's GATEWAY_SECTION, else every listener "
            + "that accepts the route.")
    private String sectionName;

    public GatewayRefSpec() {
    }

    public GatewayRefSpec(String name, String namespace, String sectionName) {
        this.name = name;
        this.namespace = namespace;
        this.sectionName = sectionName;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getSectionName() {
        return sectionName;
    }

    public void setSectionName(String sectionName) {
        this.sectionName = sectionName;
    }
}
