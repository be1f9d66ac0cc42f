#pragma once
// The safetensors file format, so weights interoperate with the wider
// ecosystem (PyTorch, Hugging Face):
//
//   [8 bytes: header length N, little-endian u64][N bytes: JSON header][raw data]
//   header: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
//            "__metadata__": {...}}   offsets are relative to the start of the raw data

#include <filesystem>
#include <map>
#include <string>

#include "tinytorch/core/tensor.hpp"

namespace tinytorch {

/// Writes float32 tensors by name (Task 13.6).
void save_safetensors(const std::filesystem::path& path, const std::map<std::string, Tensor>& tensors);

/// Reads every float32 tensor of a file; a truncated or malformed file, another dtype or a tensor
/// whose bytes do not fit is a std::runtime_error naming the file and the problem (Task 13.6).
std::map<std::string, Tensor> load_safetensors(const std::filesystem::path& path);

}  // namespace tinytorch
