package puente.broker.policy;

/** Whether a problem category is support (P5) or not (P6, P7). */
public enum CategoryScope {
  /** Free support for a valid licence (P5). */
  SUPPORT,
  /** Not support: a session is allowed only as paid advisory (P6–P8). */
  OUT_OF_SCOPE
}
