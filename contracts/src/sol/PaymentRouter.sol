// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Reserve} from "./Reserve.sol";
import {TETToken} from "./TETToken.sol";

/// @title Cross-currency payments in one transaction
/// @notice Takes the payer's currency — TET, or the token of an ERC-20 fund (bought into TET at the
/// reserve) — and pays the recipient in the currency chosen for it: TET, or a redemption into a fund
/// (tokens sent for an ERC-20 fund, a payout instruction for a fiat one). The 0.1 % commission is
/// charged once, here, on the TET that moves (this contract is fee-exempt in the token, so its own moves
/// pay nothing more); `minOut` and `deadline` lock the rate; one `Paid` event ties the legs together.
/// Anyone may submit a payment signed by the payer (EIP-712 `Payment`), with an EIP-2612 permit for the
/// input token, so neither the payer nor the recipient needs ether.
contract PaymentRouter is EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    bytes32 public constant TET = bytes32(0);
    bytes32 public constant PAYMENT_TYPEHASH = keccak256(
        "Payment(address payer,bytes32 fromFund,uint256 amountIn,address recipient,bytes32 toFund,uint256 minOut,uint64 deadline,bytes32 ref)"
    );

    /// @notice `amountIn` of `fromFund` (TET: 0) from `payer` to `recipient`, paid in `toFund` (TET: 0),
    /// at least `minOut` of it (TET wei or the fund's smallest units), before `deadline`; `ref` is the
    /// payment's reference (an invoice id; the payout reference of a fiat payout).
    struct Payment {
        address payer;
        bytes32 fromFund;
        uint256 amountIn;
        address recipient;
        bytes32 toFund;
        uint256 minOut;
        uint64 deadline;
        bytes32 ref;
    }

    /// @notice An EIP-2612 permit of the input token from the payer to this contract.
    struct Permit {
        uint256 value;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    TETToken public immutable token;
    Reserve public immutable reserve;
    uint256 public paymentCount;
    mapping(bytes32 => bool) public orderUsed;

    event Paid(
        uint256 indexed id,
        address indexed payer,
        address indexed recipient,
        bytes32 fromFund,
        uint256 amountIn,
        bytes32 toFund,
        uint256 amountOut,
        uint256 tet,
        uint256 fee,
        bytes32 ref
    );

    error Expired(uint64 deadline);
    error NotPayer(address caller);
    error OrderUsed(bytes32 digest);
    error BelowMinimum(uint256 got, uint256 minimum);
    error ZeroAmount();
    error NotAnErc20Fund(bytes32 fund);

    constructor(TETToken token_, Reserve reserve_) EIP712("TET Payment Router", "1") {
        token = token_;
        reserve = reserve_;
    }

    /// @notice Pays `p`; the caller is the payer, or relays the payer's EIP-712 signature.
    function pay(Payment calldata p, bytes calldata payerSignature) external nonReentrant returns (uint256) {
        _authorize(p, payerSignature);
        return _pay(p);
    }

    /// @notice Same as `pay`, first applying the payer's EIP-2612 permit for the input token (a permit
    /// already used by someone else is fine as long as the allowance is there).
    function payWithPermit(Payment calldata p, bytes calldata payerSignature, Permit calldata permit)
        external
        nonReentrant
        returns (uint256)
    {
        _authorize(p, payerSignature);
        address input = p.fromFund == TET ? address(token) : _erc20(p.fromFund);
        try IERC20Permit(input).permit(p.payer, address(this), permit.value, permit.deadline, permit.v, permit.r, permit.s) {}
            catch {} // EIP-2612; front-run permits must not block the payment
        return _pay(p);
    }

    /// @notice What paying `amountIn` of `fromFund` in `toFund` gives now: the TET it becomes (after the
    /// input fund's FX-risk buffer, if any), the fee on it, what the recipient gets, and the buffer share.
    function quote(bytes32 fromFund, uint256 amountIn, bytes32 toFund)
        external
        view
        returns (uint256 tet, uint256 fee, uint256 amountOut, uint256 toBuffer)
    {
        if (fromFund == TET) tet = amountIn;
        else (tet, toBuffer,) = reserve.quoteDeposit(fromFund, amountIn);
        fee = token.feeOn(tet);
        if (toFund == TET) amountOut = tet - fee;
        else (amountOut,) = reserve.quoteRedeem(toFund, tet - fee);
    }

    /// @notice The EIP-712 digest a payer signs for `p` on this chain and contract.
    function paymentDigest(Payment calldata p) public view returns (bytes32) {
        return _hashTypedDataV4( // EIP-712 hashStruct(Payment)
            keccak256(
                abi.encode(
                    PAYMENT_TYPEHASH, p.payer, p.fromFund, p.amountIn, p.recipient, p.toFund, p.minOut, p.deadline, p.ref
                )
            )
        );
    }

    function _authorize(Payment calldata p, bytes calldata signature) private {
        if (block.timestamp > p.deadline) revert Expired(p.deadline);
        if (p.amountIn == 0) revert ZeroAmount();
        if (msg.sender == p.payer) return;
        bytes32 digest = paymentDigest(p);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError || signer != p.payer) revert NotPayer(msg.sender);
        if (orderUsed[digest]) revert OrderUsed(digest);
        orderUsed[digest] = true;
    }

    function _pay(Payment calldata p) private returns (uint256 out) {
        uint256 tet = _takeIn(p);
        uint256 fee = token.feeOn(tet);
        if (fee != 0) IERC20(address(token)).safeTransfer(token.infrastructureFund(), fee);
        uint256 net = tet - fee;
        if (p.toFund == TET) {
            out = net;
            if (out < p.minOut) revert BelowMinimum(out, p.minOut);
            IERC20(address(token)).safeTransfer(p.recipient, out);
        } else {
            out = reserve.redeem(p.toFund, net, p.minOut, p.recipient, p.ref);
        }
        emit Paid(++paymentCount, p.payer, p.recipient, p.fromFund, p.amountIn, p.toFund, out, tet, fee, p.ref);
    }

    /// @dev The payer's TET, or its ERC-20 bought into TET for this contract; returns the TET.
    function _takeIn(Payment calldata p) private returns (uint256 tet) {
        if (p.fromFund == TET) {
            IERC20(address(token)).safeTransferFrom(p.payer, address(this), p.amountIn); // exempt: no fee
            return p.amountIn;
        }
        IERC20 input = IERC20(_erc20(p.fromFund));
        uint256 before = input.balanceOf(address(this));
        input.safeTransferFrom(p.payer, address(this), p.amountIn);
        uint256 received = input.balanceOf(address(this)) - before;
        input.forceApprove(address(reserve), received);
        (, tet) = reserve.depositToken(p.fromFund, received, address(this), 0);
    }

    function _erc20(bytes32 fund) private view returns (address erc20) {
        erc20 = reserve.fundOf(fund).token;
        if (erc20 == address(0)) revert NotAnErc20Fund(fund);
    }
}
