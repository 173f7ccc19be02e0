package dev.prognos.hardware.internal;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.prognos.hardware.RegisterDevice;
import dev.prognos.hardware.SensorException;

/** {@link RegisterDevice} on a Pi4J 2 {@link I2C} handle (linuxfs-i2c on a Pi, mock-i2c in tests). */
public final class Pi4jI2cRegisterDevice implements RegisterDevice {

    private final Context pi4j;
    private final I2C i2c;
    private final String location;

    private Pi4jI2cRegisterDevice(Context pi4j, I2C i2c, String location) {
        this.pi4j = pi4j;
        this.i2c = i2c;
        this.location = location;
    }

    public static Pi4jI2cRegisterDevice open(Context pi4j, String id, int bus, int address) {
        if (bus < 0) {
            throw new IllegalArgumentException("I2C bus must be >= 0, got " + bus);
        }
        if (address < 0x03 || address > 0x77) {
            throw new IllegalArgumentException(String.format("I2C address must be 0x03..0x77, got 0x%02X", address));
        }
        String location = String.format("I2C bus %d at 0x%02X", bus, address);
        I2C i2c;
        try {
            i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id(id).name(id + " (" + location + ")")
                    .bus(bus).device(address).build());
        } catch (RuntimeException e) {
            throw new SensorException("cannot open " + location + ": " + e.getMessage(), e);
        }
        return new Pi4jI2cRegisterDevice(pi4j, i2c, location);
    }

    @Override
    public void read(int register, byte[] buffer) {
        int got;
        try {
            got = i2c.readRegister(register, buffer, 0, buffer.length);
        } catch (RuntimeException e) {
            throw new SensorException(String.format("%s: reading %d byte(s) from register 0x%02X failed: %s",
                    location, buffer.length, register, e.getMessage()), e);
        }
        if (got != buffer.length) {
            throw new SensorException(String.format("%s: read of register 0x%02X returned %d of %d byte(s)",
                    location, register, got, buffer.length));
        }
    }

    @Override
    public void write(int register, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("register value must be 0..255, got " + value);
        }
        int rc;
        try {
            rc = i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new SensorException(String.format("%s: writing 0x%02X to register 0x%02X failed: %s",
                    location, value, register, e.getMessage()), e);
        }
        if (rc < 0) {
            throw new SensorException(String.format("%s: writing 0x%02X to register 0x%02X failed with code %d",
                    location, value, register, rc));
        }
    }

    @Override
    public void write(int register, byte[] values) {
        int rc;
        try {
            rc = i2c.writeRegister(register, values, 0, values.length);
        } catch (RuntimeException e) {
            throw new SensorException(String.format("%s: writing %d byte(s) to register 0x%02X failed: %s",
                    location, values.length, register, e.getMessage()), e);
        }
        if (rc < 0) {
            throw new SensorException(String.format("%s: writing %d byte(s) to register 0x%02X failed with code %d",
                    location, values.length, register, rc));
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        // shutdown, not just close: it also unregisters the id, so the sensor can be opened again.
        if (pi4j.registry().exists(i2c.id())) {
            pi4j.shutdown(i2c.id());
        } else {
            i2c.close();
        }
    }
}
