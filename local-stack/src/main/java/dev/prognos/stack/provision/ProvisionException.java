package dev.prognos.stack.provision;

/** A provisioning request that cannot be carried out as given; the message names the option to change. */
public final class ProvisionException extends IllegalArgumentException {

    public ProvisionException(String message) {
        super(message);
    }
}
