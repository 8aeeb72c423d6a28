#pragma once
// Sockets bound in one process and served in others (prefork), and the process's file limit.

namespace rpcforge::detail {

/// A close-on-exec duplicate of `fd`; throws std::system_error.
int duplicate_socket(int fd);

/// Raises RLIMIT_NOFILE's soft limit to the hard one; quietly keeps it when it cannot.
void raise_open_file_limit();

}  // namespace rpcforge::detail
