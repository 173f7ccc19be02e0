package dev.prognos.hardware;

/**
 * A chip on an SPI bus, seen as full-duplex transfers: while {@code tx} is clocked out, as many
 * bytes are clocked in. Drivers talk to this seam rather than to Pi4J directly, as with
 * {@link RegisterDevice}; {@link #spi} opens one on Pi4J.
 *
 * <p>Implementations are not required to be thread-safe: a driver owns its device.
 */
public interface SpiDevice extends AutoCloseable {

    /**
     * Clocks {@code tx} out with chip select held low for the whole transfer and returns the bytes
     * clocked in at the same time (same length).
     *
     * @throws SensorException if the transfer fails
     */
    byte[] transfer(byte[] tx);

    /** Where this device sits, for messages: e.g. {@code "SPI bus 0 chip select 1"}. */
    String location();

    /** Releases the bus handle. */
    @Override
    void close();

    /**
     * Opens a device on a Pi4J SPI bus.
     *
     * @param pi4j       the Pi4J context
     * @param id         Pi4J id of the SPI instance, unique within the context
     * @param bus        SPI bus number (0 on a Raspberry Pi's header: SPI0)
     * @param chipSelect 0 (CE0, pin 24) or 1 (CE1, pin 26) on SPI0
     * @param clockHz    SCLK frequency in Hz
     * @param mode       SPI mode 0..3 (clock polarity and phase)
     */
    static SpiDevice spi(com.pi4j.context.Context pi4j, String id, int bus, int chipSelect, int clockHz, int mode) {
        return dev.prognos.hardware.internal.Pi4jSpiDevice.open(pi4j, id, bus, chipSelect, clockHz, mode);
    }
}
