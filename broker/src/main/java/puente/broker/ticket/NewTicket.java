package puente.broker.ticket;

/**
 * What a helper's registration tells about the case.
 *
 * @param licenceKey the key as given (kept even when unknown)
 * @param customerName the licence holder, or null when the key is unknown
 * @param product the product the helper reported
 * @param installedVersion the version the helper reported
 * @param machineId the machine's stable id
 * @param hostname the machine's name
 */
public record NewTicket(
    String licenceKey,
    String customerName,
    String product,
    String installedVersion,
    String machineId,
    String hostname) {}
