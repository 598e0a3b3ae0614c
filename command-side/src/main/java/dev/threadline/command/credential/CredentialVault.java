package dev.threadline.command.credential;

import dev.threadline.command.AggregateReader;
import dev.threadline.events.DomainException;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Where plaintext meets the sealed values, in memory only: sealing a value for a credential and its workspaces,
 * re-sealing for a new workspace, and resolving a workspace's environment for a turn. Each value is sealed under
 * a key of its scope: a credential's own copy under the credential's key, a workspace's copy under that
 * workspace's key, so shredding either key makes its copies unreadable for good.
 */
@Component
public class CredentialVault {

    private final AggregateReader<Credentials> credentials;
    private final CredentialCipher cipher;
    private final CredentialResolver resolver;
    private final DataKeyStore keys;

    public CredentialVault(
            @Qualifier("credentialsRepository") Repository<Credentials> repository,
            CredentialCipher cipher,
            CredentialResolver resolver,
            DataKeyStore keys) {
        this.credentials = new AggregateReader<>(repository);
        this.cipher = cipher;
        this.resolver = resolver;
        this.keys = keys;
    }

    /** The command that stores {@code value} as the credential {@code name} (new, or rotating the one of that name). */
    StoreCredential store(UserId owner, String credentialId, String name, String label, String value) {
        CredentialNames.checkName(name);
        CredentialNames.checkValue(value);
        boolean rotateOnly = credentialId != null;
        String id = rotateOnly
                ? credentialId
                : credentials
                        .read(Credentials.idOf(owner), book -> book.idByName(name)
                                .orElse(null))
                        .orElse(UUID.randomUUID().toString());
        List<WorkspaceId> workspaces =
                stored(owner, id).map(Credentials.StoredCredential::workspaces).orElse(List.of());
        Map<WorkspaceId, SealedSecret> copies = new LinkedHashMap<>();
        workspaces.forEach(workspace -> copies.put(workspace, cipher.seal(workspace, value)));
        return new StoreCredential(owner, id, name, label, cipher.seal(credentialScope(id), value), copies, rotateOnly);
    }

    /** The command that assigns the credential to the workspace, with its value re-sealed for that workspace. */
    AssignCredential assign(UserId owner, String credentialId, WorkspaceId workspaceId) {
        SealedSecret own = stored(owner, credentialId)
                .map(Credentials.StoredCredential::value)
                .orElseThrow(() -> DomainException.notFound("Credential not found"));
        String value = cipher.open(credentialScope(credentialId), own);
        return new AssignCredential(owner, credentialId, workspaceId, cipher.seal(workspaceId, value));
    }

    /** Seals an agent credential's value under its own key. */
    SealedSecret sealAgentCredential(String credentialId, String value) {
        return cipher.seal(credentialScope(credentialId), value);
    }

    /** Makes a removed credential's own copy unreadable for good. */
    void shredCredential(String credentialId) {
        keys.shred(credentialScope(credentialId));
    }

    /** Makes every copy sealed for a deleted workspace unreadable for good. */
    public void shredWorkspace(WorkspaceId workspaceId) {
        keys.shred(workspaceId);
    }

    /**
     * The environment a turn of the owner's workspace runs with: the workspace's credentials, decrypted, reserved
     * names and unreadable rows skipped. Only ever for the owner's own turns, never for a collaborator's.
     */
    public Map<String, String> environment(UserId owner, WorkspaceId workspaceId) {
        List<CredentialResolver.Row> rows = credentials
                .read(Credentials.idOf(owner), book -> book.rowsFor(workspaceId))
                .orElse(List.of());
        return rows.isEmpty() ? Map.of() : resolver.resolve(workspaceId, rows);
    }

    private Optional<Credentials.StoredCredential> stored(UserId owner, String credentialId) {
        return credentials.read(Credentials.idOf(owner), book -> book.stored(credentialId));
    }

    /** Key scope of a credential's own copy. */
    private static WorkspaceId credentialScope(String credentialId) {
        return new WorkspaceId("credential:" + credentialId);
    }
}
