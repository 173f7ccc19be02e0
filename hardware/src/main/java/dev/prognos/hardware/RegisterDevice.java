package dev.prognos.hardware;

/**
 * A chip seen as a map of 8-bit registers, the way Bosch, TI and most sensor datasheets
 * describe theirs. Drivers talk to this seam rather than to Pi4J directly, so the register logic
 * runs unchanged on a real I2C bus ({@link #i2c}), in simulators, and in tests.
 *
 * <p>Implementations are not required to be thread-safe: a driver owns its device.
 */
public interface RegisterDevice extends AutoCloseable {

    /**
     * Reads {@code buffer.length} consecutive registers starting at {@code register} in one
     * transaction (the chip auto-increments the address), so multi-byte values are consistent.
     *
     * @throws SensorException if fewer bytes than asked for arrive
     */
    void read(int register, byte[] buffer);

    /** Reads one register, 0..255. */
    default int read(int register) {
        byte[] one = new byte[1];
        read(register, one);
        return one[0] & 0xFF;
    }

    /** Writes one register; {@code value} is 0..255. */
    void write(int register, int value);

    /**
     * Writes {@code values} starting at {@code register} in one transaction (register pointer,
     * then the bytes). Chips with 16-bit registers (TI's INA219) need this: they take both bytes of
     * a register, most significant first, in one write. The default writes byte by byte to
     * consecutive registers, which is the same thing only on auto-incrementing 8-bit register maps;
     * implementations on a real bus override it.
     */
    default void write(int register, byte[] values) {
        for (int i = 0; i < values.length; i++) {
            write(register + i, values[i] & 0xFF);
        }
    }

    /** Where this device sits, for messages: e.g. {@code "I2C bus 1 at 0x76"}. */
    String location();

    /** Releases the bus handle; the chip keeps its last configuration. */
    @Override
    void close();

    /**
     * Opens a device on a Pi4J I2C bus.
     *
     * @param pi4j    the Pi4J context (on a Raspberry Pi: {@code Pi4J.newAutoContext()})
     * @param id      Pi4J id of the I2C instance, unique within the context
     * @param bus     I2C bus number (1 on a Raspberry Pi's GPIO header)
     * @param address 7-bit device address
     */
    static RegisterDevice i2c(com.pi4j.context.Context pi4j, String id, int bus, int address) {
        return dev.prognos.hardware.internal.Pi4jI2cRegisterDevice.open(pi4j, id, bus, address);
    }
}
