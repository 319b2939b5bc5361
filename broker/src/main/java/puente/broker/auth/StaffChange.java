package puente.broker.auth;

/** A change a supervisor makes to a staff account from the console. */
public enum StaffChange {
  DISABLE,
  ENABLE,
  ROLE,
  RESET_PASSWORD,
  REMOVE
}
