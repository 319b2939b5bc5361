package puente.agent.tickets;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.v1.AddNoteRequest;
import puente.v1.CloseReason;
import puente.v1.CloseRequest;
import puente.v1.ContactOutcome;
import puente.v1.HandToDevelopmentRequest;
import puente.v1.HandToThirdPartyRequest;
import puente.v1.LogContactRequest;
import puente.v1.MarkDuplicateRequest;
import puente.v1.MarkInformationCompleteRequest;
import puente.v1.OpenFollowUpRequest;
import puente.v1.ThirdPartyDeliveredRequest;
import puente.v1.Ticket;
import puente.v1.TicketResponse;
import puente.v1.TicketServiceGrpc.TicketServiceBlockingStub;
import puente.v1.WaitOnCustomerRequest;

/** The {@code tickets} subcommands that change a case; each prints the case afterwards. */
final class ChangeCommands {
  private ChangeCommands() {}

  /** What every change command shares: the case number, the broker call, the answer. */
  abstract static class Change implements Callable<Integer> {
    @ParentCommand TicketsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CASO", description = "Número del caso.")
    String ticketId;

    abstract TicketResponse send(TicketServiceBlockingStub stub);

    @Override
    public Integer call() throws Exception {
      return parent.call(
          spec,
          stub -> {
            Ticket after = send(stub).getTicket();
            PrintWriter out = spec.commandLine().getOut();
            TicketPrinter printer = parent.printer();
            out.println(printer.text("ticket.changed", after.getTicketId(), printer.state(after)));
          });
    }
  }

  @Command(
      name = "note",
      mixinStandardHelpOptions = true,
      description = "Agrega una nota al historial del caso.")
  static final class Note extends Change {
    @Parameters(index = "1", paramLabel = "TEXTO", description = "La nota.")
    String text;

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.addNote(AddNoteRequest.newBuilder().setTicketId(ticketId).setText(text).build());
    }
  }

  @Command(
      name = "wait",
      mixinStandardHelpOptions = true,
      description =
          "Pone el caso en espera de información del cliente. Si el cliente no se"
              + " comunica en 10 días hábiles y dos intentos de contacto fallan, el caso se cierra.")
  static final class Wait extends Change {
    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué información se espera.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.waitOnCustomer(
          WaitOnCustomerRequest.newBuilder().setTicketId(ticketId).setNote(note).build());
    }
  }

  /** What came of a contact, as typed. */
  enum Outcome {
    SIN_RESPUESTA(ContactOutcome.CONTACT_NO_ANSWER),
    CONTACTADO(ContactOutcome.CONTACT_REACHED),
    EL_CLIENTE_SE_COMUNICO(ContactOutcome.CONTACT_CUSTOMER_GOT_IN_TOUCH);

    final ContactOutcome wire;

    Outcome(ContactOutcome wire) {
      this.wire = wire;
    }
  }

  @Command(
      name = "contact",
      mixinStandardHelpOptions = true,
      description =
          "Registra un contacto con el cliente. SIN_RESPUESTA cuenta como intento;"
              + " los demás detienen el reloj de espera.")
  static final class Contact extends Change {
    @Option(
        names = "--resultado",
        paramLabel = "RESULTADO",
        defaultValue = "SIN_RESPUESTA",
        description = "${COMPLETION-CANDIDATES} (predeterminado: ${DEFAULT-VALUE}).")
    Outcome outcome;

    @Option(names = "--nota", paramLabel = "TEXTO", description = "Cómo y qué pasó.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.logContact(
          LogContactRequest.newBuilder()
              .setTicketId(ticketId)
              .setOutcome(outcome.wire)
              .setNote(note)
              .build());
    }
  }

  @Command(
      name = "info-complete",
      mixinStandardHelpOptions = true,
      description =
          "Marca como completa la información solicitada. En una importación, el"
              + " plazo de 48 horas hábiles empieza ahora.")
  static final class InformationComplete extends Change {
    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué se recibió.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.markInformationComplete(
          MarkInformationCompleteRequest.newBuilder().setTicketId(ticketId).setNote(note).build());
    }
  }

  @Command(
      name = "duplicate",
      mixinStandardHelpOptions = true,
      description = "Cierra el caso como duplicado de otro caso abierto.")
  static final class Duplicate extends Change {
    @Option(
        names = "--de",
        paramLabel = "CASO",
        required = true,
        description = "El caso que sigue abierto.")
    String of;

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.markDuplicate(
          MarkDuplicateRequest.newBuilder().setTicketId(ticketId).setDuplicateOf(of).build());
    }
  }

  /** Why a case is closed, as typed. */
  enum Reason {
    ACUERDO(CloseReason.CLOSE_REASON_SOLVED_BY_AGREEMENT),
    SIN_RESPUESTA(CloseReason.CLOSE_REASON_NO_RESPONSE),
    RETIRADO(CloseReason.CLOSE_REASON_WITHDRAWN);

    final CloseReason wire;

    Reason(CloseReason wire) {
      this.wire = wire;
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Cierra el caso. Un caso cerrado no se reabre.")
  static final class Close extends Change {
    @Option(
        names = "--motivo",
        paramLabel = "MOTIVO",
        defaultValue = "ACUERDO",
        description = "${COMPLETION-CANDIDATES} (predeterminado: ${DEFAULT-VALUE}).")
    Reason reason;

    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué se acordó o se hizo.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.close(
          CloseRequest.newBuilder()
              .setTicketId(ticketId)
              .setReason(reason.wire)
              .setNote(note)
              .build());
    }
  }

  // Its own --version names the promised release, so only the help option is added.
  @Command(
      name = "to-dev",
      description = "Pasa el caso a desarrollo. Solo si reprodujo el problema por completo.")
  static final class ToDevelopment extends Change {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Muestra esta ayuda y termina.")
    boolean help;

    @Option(names = "--reproducido", description = "Confirma que reprodujo el problema completo.")
    boolean reproduced;

    @Option(
        names = "--version",
        paramLabel = "VERSION",
        required = true,
        description = "La versión en la que desarrollo promete la corrección.")
    String release;

    @Option(names = "--nota", paramLabel = "TEXTO", description = "Cómo reproducirlo.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.handToDevelopment(
          HandToDevelopmentRequest.newBuilder()
              .setTicketId(ticketId)
              .setReproduced(reproduced)
              .setPromisedRelease(release)
              .setNote(note)
              .build());
    }
  }

  @Command(
      name = "to-third-party",
      mixinStandardHelpOptions = true,
      description = "Pone el caso en espera de un tercero; el plazo se detiene hasta que entregue.")
  static final class ToThirdParty extends Change {
    @Option(
        names = "--tercero",
        paramLabel = "QUIEN",
        required = true,
        description = "De quién depende la solución.")
    String party;

    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué se espera.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.handToThirdParty(
          HandToThirdPartyRequest.newBuilder()
              .setTicketId(ticketId)
              .setThirdParty(party)
              .setNote(note)
              .build());
    }
  }

  @Command(
      name = "delivered",
      mixinStandardHelpOptions = true,
      description = "Registra que el tercero entregó; el caso vuelve a atención.")
  static final class Delivered extends Change {
    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué entregó.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.thirdPartyDelivered(
          ThirdPartyDeliveredRequest.newBuilder().setTicketId(ticketId).setNote(note).build());
    }
  }

  @Command(
      name = "follow-up",
      mixinStandardHelpOptions = true,
      description =
          "El cliente pregunta de nuevo por un caso cerrado: abre un caso nuevo"
              + " vinculado a él.")
  static final class FollowUp extends Change {
    @Option(names = "--nota", paramLabel = "TEXTO", description = "Qué pregunta ahora.")
    String note = "";

    @Override
    TicketResponse send(TicketServiceBlockingStub stub) {
      return stub.openFollowUp(
          OpenFollowUpRequest.newBuilder().setTicketId(ticketId).setNote(note).build());
    }
  }
}
