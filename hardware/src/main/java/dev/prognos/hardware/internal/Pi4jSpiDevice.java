package dev.prognos.hardware.internal;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.SpiDevice;

/** {@link SpiDevice} on a Pi4J 2 {@link Spi} handle (the board's SPI provider on a Pi, mock-spi in tests). */
public final class Pi4jSpiDevice implements SpiDevice {

    private final Context pi4j;
    private final Spi spi;
    private final String location;

    private Pi4jSpiDevice(Context pi4j, Spi spi, String location) {
        this.pi4j = pi4j;
        this.spi = spi;
        this.location = location;
    }

    public static Pi4jSpiDevice open(Context pi4j, String id, int bus, int chipSelect, int clockHz, int mode) {
        if (bus < 0 || bus >= SpiBus.values().length) {
            throw new IllegalArgumentException("SPI bus must be 0.." + (SpiBus.values().length - 1) + ", got " + bus);
        }
        if (chipSelect < 0 || chipSelect >= SpiChipSelect.values().length) {
            throw new IllegalArgumentException("SPI chip select must be 0.." + (SpiChipSelect.values().length - 1)
                    + ", got " + chipSelect);
        }
        if (clockHz <= 0) {
            throw new IllegalArgumentException("SPI clock must be > 0 Hz, got " + clockHz);
        }
        if (mode < 0 || mode > 3) {
            throw new IllegalArgumentException("SPI mode must be 0..3, got " + mode);
        }
        String location = String.format("SPI bus %d chip select %d", bus, chipSelect);
        Spi spi;
        try {
            spi = pi4j.create(Spi.newConfigBuilder(pi4j).id(id).name(id + " (" + location + ")")
                    .bus(SpiBus.getByNumber(bus)).chipSelect(SpiChipSelect.getByNumber(chipSelect))
                    .baud(clockHz).mode(SpiMode.getByNumber(mode)).build());
        } catch (RuntimeException e) {
            throw new SensorException("cannot open " + location + ": " + e.getMessage(), e);
        }
        return new Pi4jSpiDevice(pi4j, spi, location);
    }

    @Override
    public byte[] transfer(byte[] tx) {
        byte[] rx = new byte[tx.length];
        int rc;
        try {
            rc = spi.transfer(tx, 0, rx, 0, tx.length);
        } catch (RuntimeException e) {
            throw new SensorException(String.format("%s: transfer of %d byte(s) failed: %s",
                    location, tx.length, e.getMessage()), e);
        }
        // Providers differ in what they return on success (byte count, or 0 for the mock): only a
        // negative code is an error.
        if (rc < 0) {
            throw new SensorException(String.format("%s: transfer of %d byte(s) failed with code %d",
                    location, tx.length, rc));
        }
        return rx;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        // shutdown, not just close: it also unregisters the id, so the device can be opened again.
        if (pi4j.registry().exists(spi.id())) {
            pi4j.shutdown(spi.id());
        } else {
            spi.close();
        }
    }
}
