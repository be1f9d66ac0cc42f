// Module 13 — reading and writing safetensors files.

#include "tinytorch/nn/safetensors.hpp"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "tinytorch/core/not_implemented.hpp"

namespace tinytorch {
namespace {

[[noreturn]] void bad_file(const std::filesystem::path& path, const std::string& what) {
  throw std::runtime_error(path.string() + ": not a valid safetensors file: " + what);
}

}  // namespace

void save_safetensors(const std::filesystem::path& path, const std::map<std::string, Tensor>& tensors) {
  // BEGIN SOLUTION Task 13.6: save_safetensors
  nlohmann::ordered_json header;
  header["__metadata__"] = {{"format", "pt"}, {"writer", "tinytorch"}};
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    const uint64_t bytes = static_cast<uint64_t>(tensor.numel()) * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", tensor.shape()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // pad so the data starts 8-byte aligned
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
  const uint64_t size = text.size();
  unsigned char length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(size >> (8 * i));  // little-endian
  out.write(reinterpret_cast<const char*>(length), 8);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& [name, tensor] : tensors) {
    const Tensor dense = tensor.contiguous();
    out.write(reinterpret_cast<const char*>(dense.data()), static_cast<std::streamsize>(dense.numel() * sizeof(float)));
  }
  if (!out) throw std::runtime_error(path.string() + ": write failed");
  // END SOLUTION
}

std::map<std::string, Tensor> load_safetensors(const std::filesystem::path& path) {
  // BEGIN SOLUTION Task 13.6: load_safetensors
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  const auto file_size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  if (file_size < 8) bad_file(path, "shorter than its 8-byte header length");
  unsigned char length[8];
  in.read(reinterpret_cast<char*>(length), 8);
  uint64_t header_size = 0;
  for (int i = 0; i < 8; ++i) header_size |= static_cast<uint64_t>(length[i]) << (8 * i);
  if (header_size > file_size - 8) {
    bad_file(path, "header length " + std::to_string(header_size) + " runs past the end of the file (" +
                       std::to_string(file_size) + " bytes)");
  }
  std::string text(header_size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(header_size));
  const nlohmann::json header = nlohmann::json::parse(text, nullptr, false);
  try {
  if (header.is_discarded() || !header.is_object()) bad_file(path, "the header is not a JSON object");
  const uint64_t data_size = file_size - 8 - header_size;
  std::map<std::string, Tensor> tensors;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets")) {
      bad_file(path, "entry " + name + " lacks dtype, shape or data_offsets");
    }
    if (entry["dtype"] != "F32") bad_file(path, "tensor " + name + " has dtype " + entry["dtype"].dump() + ", only F32 is read");
    Shape shape;
    for (const auto& size : entry["shape"]) {
      if (!size.is_number_integer() || size.get<int64_t>() < 0) bad_file(path, "tensor " + name + " has a bad shape");
      shape.push_back(size.get<int64_t>());
    }
    const auto begin = entry["data_offsets"].at(0).get<uint64_t>();
    const auto end = entry["data_offsets"].at(1).get<uint64_t>();
    const uint64_t bytes = static_cast<uint64_t>(numel_of(shape)) * sizeof(float);
    if (end < begin || end - begin != bytes || end > data_size) {
      bad_file(path, "tensor " + name + " " + shape_str(shape) + " needs " + std::to_string(bytes) +
                         " bytes at [" + std::to_string(begin) + ", " + std::to_string(end) + ") of " +
                         std::to_string(data_size) + " data bytes");
    }
    Tensor tensor = Tensor::zeros(shape);
    in.seekg(static_cast<std::streamoff>(8 + header_size + begin));
    in.read(reinterpret_cast<char*>(tensor.data()), static_cast<std::streamsize>(bytes));
    if (!in) bad_file(path, "tensor " + name + " could not be read");
    tensors.emplace(name, tensor);
  }
  return tensors;
  } catch (const nlohmann::json::exception& error) {
    bad_file(path, error.what());
  }
  // END SOLUTION
}

}  // namespace tinytorch
