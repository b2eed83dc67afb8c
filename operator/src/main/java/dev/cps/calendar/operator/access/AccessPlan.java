package dev.cps.calendar.operator.access;

import dev.cps.calendar.api.InstanceAccess;

import java.util.Optional;

/**
 * The access of one calendar as a reconcile resolved it: the contract's section for the config (hashes,
 * never passcodes) and what the owned Secret {@code <slug>-access} must hold.
 */
public record AccessPlan(InstanceAccess access, Optional<AccessSecretData> secret) {
}
