package puente.broker.session;

import java.util.Locale;
import puente.v1.MachineIdentity;

/**
 * What a helper told the broker when it registered.
 *
 * @param licenceKey the licence key
 * @param customerName the licence holder
 * @param product the product installed
 * @param installedVersion its version
 * @param machine the machine
 * @param locale the customer's locale for messages
 * @param offeredService what the customer offers to share, as they described it
 */
public record Registration(
    String licenceKey,
    String customerName,
    String product,
    String installedVersion,
    MachineIdentity machine,
    Locale locale,
    String offeredService) {}
