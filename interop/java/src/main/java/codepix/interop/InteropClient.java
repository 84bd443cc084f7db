package codepix.interop;

import codepix.v1.BankOuterClass.Bank;
import codepix.v1.BankOuterClass.RegisterBankRequest;
import codepix.v1.BankServiceGrpc;
import codepix.v1.Common.AccountType;
import codepix.v1.Common.KeyKind;
import codepix.v1.PixKeyOuterClass.Account;
import codepix.v1.PixKeyOuterClass.DeletePixKeyRequest;
import codepix.v1.PixKeyOuterClass.FindPixKeyRequest;
import codepix.v1.PixKeyOuterClass.ListPixKeysRequest;
import codepix.v1.PixKeyOuterClass.ListPixKeysResponse;
import codepix.v1.PixKeyOuterClass.PixKey;
import codepix.v1.PixKeyOuterClass.RegisterPixKeyRequest;
import codepix.v1.PixKeyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Exercises the hub through stubs that protoc and protoc-gen-grpc-java made from proto/.
 *
 * <p>Usage: {@code java -jar codepix-interop.jar <host:port> <ispb> <operator dir> <bank dir>}, the
 * identity folders as {@code codepix pki init} and {@code codepix bank register} write them. Prints one {@code ok ...}
 * line per step and {@code PASS} at the end, exiting 0; on the first failed check prints {@code
 * FAIL ...} and exits 1 (2 for bad usage). Give a fresh ISPB per run: it registers that bank.
 */
public final class InteropClient {
  private static final long DEADLINE_SECONDS = 10;
  private static final String BRANCH = "0001";
  private static final String ACCOUNT_NUMBER = "123456";
  private static final String OWNER_NAME = "Joana Interop";
  private static final Pattern MASKED_CPF = Pattern.compile("\\*\\*\\*\\.\\d{3}\\.\\d{3}-\\*\\*");
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Metadata.Key<String> FIELD_TRAILER =
      Metadata.Key.of("codepix-field", Metadata.ASCII_STRING_MARSHALLER);

  /** A failed check; main turns it into a FAIL line and exit code 1. */
  private static final class CheckFailed extends RuntimeException {
    CheckFailed(String message) {
      super(message);
    }
  }

  /** The step under way, for the FAIL line of an unexpected error. */
  private String doing = "connecting";

  private final BankServiceGrpc.BankServiceBlockingStub banks;
  private final PixKeyServiceGrpc.PixKeyServiceBlockingStub keys;

  /** Administration goes through the operator's channel, the directory through the bank's. */
  private InteropClient(ManagedChannel operator, ManagedChannel bank) {
    this.banks = BankServiceGrpc.newBlockingStub(operator);
    this.keys = PixKeyServiceGrpc.newBlockingStub(bank);
  }

  /** Mutual TLS with an identity folder as `codepix` writes it: key.pem, cert.pem and ca.pem. */
  private static ManagedChannel channel(String target, String identityDir) {
    File dir = new File(identityDir);
    try {
      ChannelCredentials credentials =
          TlsChannelCredentials.newBuilder()
              .trustManager(new File(dir, "ca.pem"))
              .keyManager(new File(dir, "cert.pem"), new File(dir, "key.pem"))
              .build();
      return Grpc.newChannelBuilder(target, credentials).build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot use the identity in " + identityDir + ": " + e.getMessage(), e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      System.err.println(
          "usage: java -jar codepix-interop.jar <host:port> <ispb> <operator identity dir> <bank identity dir>");
      System.exit(2);
    }
    String target = args[0];
    String ispb = args[1];
    if (!ispb.matches("\\d{8}")) {
      System.err.println("ispb must be 8 digits, got " + ispb);
      System.exit(2);
    }

    ManagedChannel operator = channel(target, args[2]);
    ManagedChannel bank = channel(target, args[3]);
    int exitCode = 0;
    InteropClient client = new InteropClient(operator, bank);
    try {
      client.run(ispb);
      System.out.println("PASS all checks against " + target);
    } catch (CheckFailed e) {
      System.out.println("FAIL " + e.getMessage());
      exitCode = 1;
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      System.out.println(
          "FAIL " + client.doing + ": unexpected gRPC error " + status.getCode() + ": " + status.getDescription());
      exitCode = 1;
    } catch (RuntimeException e) {
      System.out.println("FAIL " + client.doing + ": unexpected error " + e);
      e.printStackTrace();
      exitCode = 1;
    } finally {
      operator.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      bank.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.out.flush();
    System.exit(exitCode);
  }

  private BankServiceGrpc.BankServiceBlockingStub banks() {
    return banks.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private PixKeyServiceGrpc.PixKeyServiceBlockingStub keys() {
    return keys.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private void run(String ispb) {
    String bankName = "Banco Interop Java " + ispb;
    String cpf = cpfFor(ispb);
    String expectedMask = "***." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-**";
    Account account =
        Account.newBuilder()
            .setBranch(BRANCH)
            .setNumber(ACCOUNT_NUMBER)
            .setType(AccountType.ACCOUNT_TYPE_CACC)
            .setOwnerName(OWNER_NAME)
            .setOwnerTaxId(cpf)
            .build();

    // 1. RegisterBank
    doing = "RegisterBank";
    Bank bank = banks().registerBank(RegisterBankRequest.newBuilder().setIspb(ispb).setName(bankName).build());
    check(bank.getIspb().equals(ispb), "RegisterBank returned ispb " + bank.getIspb());
    check(bank.getName().equals(bankName), "RegisterBank returned name " + bank.getName());
    check(bank.getActive(), "RegisterBank returned an inactive bank");
    check(bank.hasCreatedAt() && bank.getCreatedAt().getSeconds() > 0, "RegisterBank returned no created_at");
    step("RegisterBank ispb=" + ispb + " active=true");

    // 2. RegisterPixKey: an email key, sent in mixed case; the hub stores it lowercased.
    doing = "RegisterPixKey email";
    String email = "interop." + ispb + "@example.com";
    PixKey emailKey =
        keys()
            .registerPixKey(
                RegisterPixKeyRequest.newBuilder()
                    .setIspb(ispb)
                    .setKind(KeyKind.KEY_KIND_EMAIL)
                    .setKey("Interop." + ispb + "@Example.COM")
                    .setAccount(account)
                    .build());
    check(emailKey.getKey().equals(email), "email key came back as " + emailKey.getKey());
    check(emailKey.getKind() == KeyKind.KEY_KIND_EMAIL, "email key came back as kind " + emailKey.getKind());
    step("RegisterPixKey email key=" + email);

    // 3. RegisterPixKey: an EVP key with no value; the hub makes a UUID v4.
    doing = "RegisterPixKey evp";
    PixKey evpKey =
        keys()
            .registerPixKey(
                RegisterPixKeyRequest.newBuilder()
                    .setIspb(ispb)
                    .setKind(KeyKind.KEY_KIND_EVP)
                    .setAccount(account)
                    .build());
    check(UUID_V4.matcher(evpKey.getKey()).matches(), "EVP key is not a UUID v4: " + evpKey.getKey());
    check(evpKey.getKind() == KeyKind.KEY_KIND_EVP, "EVP key came back as kind " + evpKey.getKind());
    step("RegisterPixKey evp key=" + evpKey.getKey());

    // 4. FindPixKey: all fields of the lookup, the owner's CPF masked.
    doing = "FindPixKey";
    PixKey found = keys().findPixKey(FindPixKeyRequest.newBuilder().setIspb(ispb).setKey(email).build());
    check(found.getKey().equals(email), "FindPixKey key " + found.getKey());
    check(found.getKind() == KeyKind.KEY_KIND_EMAIL, "FindPixKey kind " + found.getKind());
    check(found.getIspb().equals(ispb), "FindPixKey ispb " + found.getIspb());
    check(found.getBankName().equals(bankName), "FindPixKey bank_name " + found.getBankName());
    check(found.getOwnerName().equals(OWNER_NAME), "FindPixKey owner_name " + found.getOwnerName());
    check(
        MASKED_CPF.matcher(found.getOwnerTaxIdMasked()).matches()
            && found.getOwnerTaxIdMasked().equals(expectedMask),
        "FindPixKey owner_tax_id_masked " + found.getOwnerTaxIdMasked() + ", expected " + expectedMask);
    check(!found.toString().contains(cpf), "FindPixKey leaked the full CPF");
    check(found.getBranch().equals(BRANCH), "FindPixKey branch " + found.getBranch());
    check(found.getAccountNumber().equals(ACCOUNT_NUMBER), "FindPixKey account_number " + found.getAccountNumber());
    check(found.getAccountType() == AccountType.ACCOUNT_TYPE_CACC, "FindPixKey account_type " + found.getAccountType());
    check(found.hasCreatedAt() && found.getCreatedAt().getSeconds() > 0, "FindPixKey has no created_at");
    step(
        "FindPixKey bank_name=\""
            + found.getBankName()
            + "\" owner_tax_id_masked="
            + found.getOwnerTaxIdMasked()
            + " account_type="
            + found.getAccountType());

    // 5. ListPixKeys: the account holds exactly the two keys.
    doing = "ListPixKeys";
    ListPixKeysResponse listed =
        keys()
            .listPixKeys(
                ListPixKeysRequest.newBuilder()
                    .setIspb(ispb)
                    .setBranch(BRANCH)
                    .setAccountNumber(ACCOUNT_NUMBER)
                    .build());
    List<String> listedKeys = listed.getKeysList().stream().map(PixKey::getKey).sorted().collect(Collectors.toList());
    List<String> expectedKeys = List.of(email, evpKey.getKey()).stream().sorted().collect(Collectors.toList());
    check(listedKeys.equals(expectedKeys), "ListPixKeys gave " + listedKeys + ", expected " + expectedKeys);
    step("ListPixKeys count=" + listedKeys.size());

    // 6. DeletePixKey, then FindPixKey answers NOT_FOUND.
    doing = "DeletePixKey";
    keys().deletePixKey(DeletePixKeyRequest.newBuilder().setIspb(ispb).setKey(email).build());
    step("DeletePixKey key=" + email);
    StatusRuntimeException notFound =
        expectError(() -> keys().findPixKey(FindPixKeyRequest.newBuilder().setIspb(ispb).setKey(email).build()));
    check(
        notFound.getStatus().getCode() == Status.Code.NOT_FOUND,
        "FindPixKey after delete gave " + notFound.getStatus() + ", expected NOT_FOUND");
    step("FindPixKey after delete status=NOT_FOUND");

    // 7. RegisterPixKey with a CPF whose check digits are wrong: INVALID_ARGUMENT naming the key.
    doing = "RegisterPixKey invalid cpf";
    String badCpf = cpf.substring(0, 10) + (char) ('0' + (cpf.charAt(10) - '0' + 1) % 10);
    StatusRuntimeException invalid =
        expectError(
            () ->
                keys()
                    .registerPixKey(
                        RegisterPixKeyRequest.newBuilder()
                            .setIspb(ispb)
                            .setKind(KeyKind.KEY_KIND_CPF)
                            .setKey(badCpf)
                            .setAccount(account)
                            .build()));
    check(
        invalid.getStatus().getCode() == Status.Code.INVALID_ARGUMENT,
        "RegisterPixKey with an invalid cpf gave " + invalid.getStatus() + ", expected INVALID_ARGUMENT");
    Metadata trailers = invalid.getTrailers();
    String field = trailers == null ? null : trailers.get(FIELD_TRAILER);
    check("key".equals(field), "invalid cpf: trailer codepix-field is " + field + ", expected key");
    step("RegisterPixKey invalid cpf status=INVALID_ARGUMENT codepix-field=" + field);
  }

  private static StatusRuntimeException expectError(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new CheckFailed("expected the call to fail, it succeeded");
  }

  private static void check(boolean condition, String message) {
    if (!condition) throw new CheckFailed(message);
  }

  private static void step(String line) {
    System.out.println("ok " + line);
  }

  /** A valid CPF derived from the ISPB, so each run's owner is its own. */
  static String cpfFor(String ispb) {
    String body = "1" + ispb;
    if (body.chars().distinct().count() == 1) body = "2" + ispb; // 11111111 would give 111.111.111-11
    int first = cpfCheckDigit(body, 10);
    int second = cpfCheckDigit(body + first, 11);
    return body + first + second;
  }

  private static int cpfCheckDigit(String digits, int firstWeight) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) sum += (digits.charAt(i) - '0') * (firstWeight - i);
    int rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  }
}
