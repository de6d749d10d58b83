package io.strongroom.access.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.Seeded;
import io.strongroom.access.token.Token;
import io.strongroom.access.token.Tokens;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.DecryptionFailedException;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sealing the issued token to the requester, and the claim. */
class TokenSealTest {
  private static final long T0 = 1_800_000_000_000L;
  private final SecureRandom random = Seeded.random(7);
  private final HolderPrivateKeys requester = HolderKeys.generate(random);
  private final HolderPrivateKeys someoneElse = HolderKeys.generate(random);

  private BreakGlassRequest request(Bytes key, int nonceByte) {
    byte[] nonce = new byte[16];
    nonce[0] = (byte) nonceByte;
    return BreakGlassRequest.create(Bytes.of(nonce), List.of("ops"), 600_000, "claim test", key, T0, T0 + 60_000);
  }

  @Test
  void onlyTheRequesterOpensTheToken() {
    BreakGlassRequest r = request(requester.publicKeys().encryptionKey(), 1);
    Token token = Tokens.mint(random);
    SealedToken sealed = TokenSeal.seal(token, r, random);
    assertThat(sealed.bytes().length()).isEqualTo(91);
    String rawHex = token.withBytes(b -> Bytes.of(b).hex());
    assertThat(sealed.bytes().hex()).doesNotContain(rawHex);
    Token opened = TokenSeal.open(new SealedToken(Bytes.of(sealed.bytes().toByteArray())), r, requester);
    assertThat(opened).isEqualTo(token);
    assertThat(opened.text()).isEqualTo(token.text());
    assertThatThrownBy(() -> TokenSeal.open(sealed, r, someoneElse)).isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aSealedTokenOfOneRequestIsNotTheTokenOfAnother() {
    BreakGlassRequest a = request(requester.publicKeys().encryptionKey(), 1);
    BreakGlassRequest b = request(requester.publicKeys().encryptionKey(), 2);
    SealedToken sealed = TokenSeal.seal(Tokens.mint(random), a, random);
    assertThatThrownBy(() -> TokenSeal.open(sealed, b, requester))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessage("sealed token is not for break-glass request " + b.id());
  }

  @Test
  void anyChangeToTheSealedTokenFailsToOpen() {
    BreakGlassRequest r = request(requester.publicKeys().encryptionKey(), 1);
    byte[] b = TokenSeal.seal(Tokens.mint(random), r, random).bytes().toByteArray();
    for (int i = 11; i < b.length; i += 5) {
      byte[] changed = b.clone();
      changed[i] ^= 0x20;
      assertThatThrownBy(() -> TokenSeal.open(new SealedToken(Bytes.of(changed)), r, requester))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void anUnusableRequesterKeyIsCaughtBeforeApproval() {
    BreakGlassRequest lowOrder = request(Bytes.of(new byte[32]), 1);
    assertThatThrownBy(() -> TokenSeal.checkRecipient(lowOrder, random))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("requester_key"));
    TokenSeal.checkRecipient(request(requester.publicKeys().encryptionKey(), 1), random);
  }
}
