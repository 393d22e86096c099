package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class OwnerOnlyFilesTest {
    /** The permissions every secret file and folder gets afterwards: no code may widen them. */
    @Test
    void thePermissionConstantsCannotBeChanged() {
        assertThatThrownBy(() -> OwnerOnlyFiles.FILE.add(PosixFilePermission.OTHERS_READ))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> OwnerOnlyFiles.DIR.add(PosixFilePermission.GROUP_EXECUTE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(PosixFilePermissions.toString(OwnerOnlyFiles.FILE)).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(OwnerOnlyFiles.DIR)).isEqualTo("rwx------");
    }
}
